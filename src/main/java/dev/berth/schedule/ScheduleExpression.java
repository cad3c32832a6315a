package dev.berth.schedule;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The schedule expressions of EventBridge Scheduler and Application Auto Scaling: {@code at(yyyy-mm-ddThh:mm:ss)},
 * {@code rate(N unit)} and the six-field {@code cron(Minutes Hours Day-of-month Month Day-of-week Year)} with
 * {@code , - * ? / L W #}. Used by ScheduledTask and by a Service's scheduled scaling actions (one engine).
 * Pure: {@link #next} answers the first run strictly after a given instant, in a time zone.
 * <p>
 * Daylight saving time as EventBridge Scheduler documents it: a cron local time that does not exist on a
 * spring-forward day is skipped; a local time that occurs twice on a fall-back day runs once, at its first
 * occurrence. rate() is a fixed duration on the clock ({@code rate(1 days)} is 24 hours, also across a DST change).
 */
public sealed interface ScheduleExpression {

    /** First run strictly after {@code after}; empty when there is none. rate() runs every period from {@code after}. */
    Optional<Instant> next(Instant after, ZoneId zone);

    static ScheduleExpression parse(String text) {
        if (text == null) {
            throw new InvalidScheduleException("schedule is missing");
        }
        String s = text.trim();
        if (s.startsWith("at(") && s.endsWith(")")) {
            try {
                return new At(LocalDateTime.parse(s.substring(3, s.length() - 1)));
            } catch (DateTimeParseException e) {
                throw new InvalidScheduleException("at(...) needs yyyy-mm-ddThh:mm:ss: " + s);
            }
        }
        if (s.startsWith("rate(") && s.endsWith(")")) {
            return Rate.parse(s.substring(5, s.length() - 1));
        }
        if (s.startsWith("cron(") && s.endsWith(")")) {
            return Cron.parse(s.substring(5, s.length() - 1));
        }
        throw new InvalidScheduleException("schedule must be at(...), rate(...) or cron(...): " + s);
    }

    record At(LocalDateTime time) implements ScheduleExpression {
        @Override
        public Optional<Instant> next(Instant after, ZoneId zone) {
            Instant at = time.atZone(zone).toInstant();
            return at.isAfter(after) ? Optional.of(at) : Optional.empty();
        }
    }

    record Rate(Duration period) implements ScheduleExpression {
        private static final Pattern RATE = Pattern.compile("^([1-9][0-9]*) (minute|minutes|hour|hours|day|days)$");

        static Rate parse(String body) {
            Matcher m = RATE.matcher(body.trim());
            if (!m.matches()) {
                throw new InvalidScheduleException("rate(...) needs 'N minute(s)|hour(s)|day(s)': rate(" + body + ")");
            }
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2);
            if ((n == 1) != !unit.endsWith("s")) {
                throw new InvalidScheduleException("rate(...) takes the singular unit for 1 and the plural otherwise: rate("
                        + body + ")");
            }
            ChronoUnit u = unit.startsWith("minute") ? ChronoUnit.MINUTES
                    : unit.startsWith("hour") ? ChronoUnit.HOURS : ChronoUnit.DAYS;
            return new Rate(Duration.of(n, u));
        }

        @Override
        public Optional<Instant> next(Instant after, ZoneId zone) {
            return Optional.of(after.plus(period));
        }
    }

    /** AWS cron: day-of-week 1 = Sunday; exactly one of day-of-month and day-of-week is '?'. */
    record Cron(BitSet minutes, BitSet hours, String dayOfMonth, BitSet days, BitSet months, String dayOfWeek,
            BitSet weekdays, BitSet years) implements ScheduleExpression {

        private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP",
                "OCT", "NOV", "DEC");
        private static final List<String> WEEKDAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
        private static final Pattern NTH = Pattern.compile("^([1-7])#([1-5])$");
        private static final Pattern LAST_WEEKDAY = Pattern.compile("^([1-7])L$");
        private static final Pattern NEAREST_WEEKDAY = Pattern.compile("^([1-9]|[12][0-9]|3[01])W$");
        private static final int SEARCH_DAYS = 366 * 8;

        static Cron parse(String body) {
            String[] f = body.trim().split("\\s+");
            if (f.length != 6) {
                throw new InvalidScheduleException("cron(...) needs 6 fields (Minutes Hours Day-of-month Month Day-of-week"
                        + " Year), got " + f.length + ": cron(" + body + ")");
            }
            boolean domAny = f[2].equals("?");
            boolean dowAny = f[4].equals("?");
            if (domAny == dowAny) {
                throw new InvalidScheduleException("cron(...): exactly one of Day-of-month and Day-of-week must be '?': cron("
                        + body + ")");
            }
            String dom = f[2].toUpperCase(Locale.ROOT);
            String dow = upperNames(f[4], WEEKDAYS);
            BitSet days = domAny || dom.equals("L") || dom.equals("LW") || NEAREST_WEEKDAY.matcher(dom).matches() ? null
                    : field("Day-of-month", dom, 1, 31);
            if (dow.indexOf('#') >= 0 && !NTH.matcher(dow).matches()) {
                throw new InvalidScheduleException("Day-of-week: only one nth-weekday expression such as 3#2 (second"
                        + " Tuesday) is allowed, and no list with it: cron(" + body + ")");
            }
            BitSet weekdays = dowAny || dow.equals("L") || NTH.matcher(dow).matches() || LAST_WEEKDAY.matcher(dow).matches()
                    ? null
                    : field("Day-of-week", dow, 1, 7);
            return new Cron(field("Minutes", f[0], 0, 59), field("Hours", f[1], 0, 23), dom, days,
                    field("Month", upperNames(f[3], MONTHS), 1, 12), dow, weekdays, field("Year", f[5], 1970, 2199));
        }

        /** Replaces JAN..DEC / SUN..SAT with their numbers (1-based). */
        private static String upperNames(String field, List<String> names) {
            String s = field.toUpperCase(Locale.ROOT);
            for (int i = 0; i < names.size(); i++) {
                s = s.replace(names.get(i), String.valueOf(i + 1));
            }
            return s;
        }

        private static BitSet field(String name, String text, int min, int max) {
            BitSet set = new BitSet(max + 1);
            for (String item : text.split(",", -1)) {
                String range = item;
                int step = 1;
                int slash = item.indexOf('/');
                if (slash >= 0) {
                    range = item.substring(0, slash);
                    step = number(name, item.substring(slash + 1), 1, max);
                }
                int from;
                int to;
                if (range.equals("*")) {
                    from = min;
                    to = max;
                } else if (range.contains("-")) {
                    String[] ends = range.split("-", -1);
                    if (ends.length != 2) {
                        throw new InvalidScheduleException(name + ": bad range '" + item + "'");
                    }
                    from = number(name, ends[0], min, max);
                    to = number(name, ends[1], min, max);
                    if (to < from) {
                        throw new InvalidScheduleException(name + ": range '" + item + "' ends before it starts");
                    }
                } else {
                    from = number(name, range, min, max);
                    to = slash >= 0 ? max : from;
                }
                for (int v = from; v <= to; v += step) {
                    set.set(v);
                }
            }
            return set;
        }

        private static int number(String name, String text, int min, int max) {
            try {
                int v = Integer.parseInt(text);
                if (v < min || v > max) {
                    throw new InvalidScheduleException(name + ": " + v + " is outside " + min + "-" + max);
                }
                return v;
            } catch (NumberFormatException e) {
                throw new InvalidScheduleException(name + ": '" + text + "' is not a number");
            }
        }

        @Override
        public Optional<Instant> next(Instant after, ZoneId zone) {
            ZonedDateTime start = after.atZone(zone).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
            LocalDate date = start.toLocalDate();
            for (int i = 0; i < SEARCH_DAYS && date.getYear() <= 2199; i++, date = date.plusDays(1)) {
                if (!years.get(date.getYear()) || !months.get(date.getMonthValue()) || !dayMatches(date)) {
                    continue;
                }
                for (int h = hours.nextSetBit(0); h >= 0; h = hours.nextSetBit(h + 1)) {
                    for (int m = minutes.nextSetBit(0); m >= 0; m = minutes.nextSetBit(m + 1)) {
                        LocalDateTime local = LocalDateTime.of(date, LocalTime.of(h, m));
                        if (zone.getRules().getValidOffsets(local).isEmpty()) {
                            continue; // in a spring-forward gap: EventBridge skips the invocation
                        }
                        // in a fall-back overlap ofLocal takes the earlier offset: the first occurrence, once
                        Instant candidate = ZonedDateTime.ofLocal(local, zone, null).toInstant();
                        if (candidate.isAfter(after)) {
                            return Optional.of(candidate);
                        }
                    }
                }
            }
            return Optional.empty();
        }

        private boolean dayMatches(LocalDate d) {
            if (dayOfMonth.equals("?")) {
                return weekdayMatches(d);
            }
            int last = d.lengthOfMonth();
            if (dayOfMonth.equals("L")) {
                return d.getDayOfMonth() == last;
            }
            if (dayOfMonth.equals("LW")) {
                return d.equals(nearestWeekday(d.withDayOfMonth(last)));
            }
            Matcher w = NEAREST_WEEKDAY.matcher(dayOfMonth);
            if (w.matches()) {
                int day = Integer.parseInt(w.group(1));
                return day <= last && d.equals(nearestWeekday(d.withDayOfMonth(day)));
            }
            return days.get(d.getDayOfMonth());
        }

        private boolean weekdayMatches(LocalDate d) {
            int aws = d.getDayOfWeek().getValue() % 7 + 1;
            if (dayOfWeek.equals("L")) {
                return aws == 7;
            }
            Matcher nth = NTH.matcher(dayOfWeek);
            if (nth.matches()) {
                return aws == Integer.parseInt(nth.group(1))
                        && (d.getDayOfMonth() - 1) / 7 + 1 == Integer.parseInt(nth.group(2));
            }
            Matcher last = LAST_WEEKDAY.matcher(dayOfWeek);
            if (last.matches()) {
                return aws == Integer.parseInt(last.group(1)) && d.plusDays(7).getMonthValue() != d.getMonthValue();
            }
            return weekdays.get(aws);
        }

        /** The weekday nearest to {@code d} within its month (the W of day-of-month). */
        private static LocalDate nearestWeekday(LocalDate d) {
            return switch (d.getDayOfWeek()) {
                case SATURDAY -> d.getDayOfMonth() == 1 ? d.plusDays(2) : d.minusDays(1);
                case SUNDAY -> d.getDayOfMonth() == d.lengthOfMonth() ? d.minusDays(2) : d.plusDays(1);
                default -> d;
            };
        }
    }

    /** The zone of a Timezone field (default UTC), or an exception naming the bad value. */
    static ZoneId zone(String timezone) {
        if (timezone == null || timezone.isBlank()) {
            return ZoneId.of("UTC");
        }
        try {
            return ZoneId.of(timezone);
        } catch (DateTimeException e) {
            throw new InvalidScheduleException("unknown time zone '" + timezone + "' (use an IANA name such as Europe/Paris)");
        }
    }
}
