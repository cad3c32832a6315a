package dev.berth.ecsapi;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * ECS {@code nextToken}/{@code maxResults} paging over an ordered list: maxResults 1-100 (default per operation), the
 * token opaque to the caller (an offset here, so a page is stable while nothing is added or removed before it).
 */
public final class Paging {

    private Paging() {
    }

    /** One page and the token of the next one (null on the last page). */
    public record Page<T>(List<T> items, String nextToken) {
    }

    public static <T> Page<T> page(List<T> all, Integer maxResults, String nextToken, int defaultPageSize) {
        int size = maxResults == null ? defaultPageSize : maxResults;
        if (size < 1 || size > 100) {
            throw EcsApiException.invalidParameter("maxResults must be between 1 and 100.");
        }
        int from = offset(nextToken);
        int to = Math.min(all.size(), from + size);
        List<T> items = from >= all.size() ? List.of() : all.subList(from, to);
        return new Page<>(items, to < all.size() ? token(to) : null);
    }

    private static String token(int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("berth:" + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static int offset(String nextToken) {
        if (nextToken == null || nextToken.isEmpty()) {
            return 0;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(nextToken), StandardCharsets.UTF_8);
            if (decoded.startsWith("berth:")) {
                int offset = Integer.parseInt(decoded.substring("berth:".length()));
                if (offset >= 0) {
                    return offset;
                }
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw EcsApiException.invalidParameter("Invalid nextToken.");
    }
}
