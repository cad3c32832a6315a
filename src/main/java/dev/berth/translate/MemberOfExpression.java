package dev.berth.translate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.berth.api.v1alpha1.PlacementConstraint;

/**
 * The subset of ECS's cluster query language Berth supports in memberOf constraints (docs/placement.md), parsed into
 * "any of (all of terms)": {@code and} binds tighter than {@code or} and there are no parentheses, so the result is
 * already the disjunction of conjunctions that node affinity's nodeSelectorTerms express.
 *
 * @param anyOf alternatives joined by {@code or}; each holds terms joined by {@code and}
 */
public record MemberOfExpression(List<List<Term>> anyOf) {

    public static final String TASK_GROUP = "task:group";
    static final String ATTRIBUTE = "attribute:";

    private static final Pattern TOKEN = Pattern.compile("\\s*(==|!=|>=|<=|>|<|&&|\\|\\||\\[|]|,|[^\\s\\[\\],]+)");
    private static final Pattern VALUE = Pattern.compile(PlacementConstraint.VALUE);
    private static final Map<String, Operator> OPERATORS = Map.ofEntries(Map.entry("==", Operator.EQUALS),
            Map.entry("equals", Operator.EQUALS), Map.entry("!=", Operator.NOT_EQUALS),
            Map.entry("not_equals", Operator.NOT_EQUALS), Map.entry("in", Operator.IN), Map.entry("!in", Operator.NOT_IN),
            Map.entry("not_in", Operator.NOT_IN), Map.entry("exists", Operator.EXISTS),
            Map.entry("!exists", Operator.NOT_EXISTS), Map.entry("not_exists", Operator.NOT_EXISTS),
            Map.entry(">", Operator.GREATER), Map.entry(">=", Operator.AT_LEAST), Map.entry("<", Operator.LESS),
            Map.entry("<=", Operator.AT_MOST));

    public enum Operator {
        EQUALS,
        NOT_EQUALS,
        IN,
        NOT_IN,
        EXISTS,
        NOT_EXISTS,
        GREATER,
        AT_LEAST,
        LESS,
        AT_MOST;

        boolean takesList() {
            return this == IN || this == NOT_IN;
        }

        boolean takesNothing() {
            return this == EXISTS || this == NOT_EXISTS;
        }

        boolean numeric() {
            return this == GREATER || this == AT_LEAST || this == LESS || this == AT_MOST;
        }
    }

    /** {@code subject operator values}: subject is {@code attribute:<name>} or {@code task:group}. */
    public record Term(String subject, Operator operator, List<String> values) {
        public boolean taskGroup() {
            return TASK_GROUP.equals(subject);
        }

        public String attribute() {
            return subject.substring(ATTRIBUTE.length());
        }
    }

    public MemberOfExpression {
        anyOf = anyOf.stream().map(List::copyOf).toList();
    }

    /** @throws UnrunnableTask naming what is wrong and what is supported */
    public static MemberOfExpression parse(String expression) {
        return new Parser(expression).parse();
    }

    private static final class Parser {
        private final String expression;
        private final List<String> tokens = new ArrayList<>();
        private int next;

        Parser(String expression) {
            this.expression = expression == null ? "" : expression;
            Matcher m = TOKEN.matcher(this.expression);
            int at = 0;
            while (at < this.expression.length() && m.find(at) && m.start() == at) {
                tokens.add(m.group(1));
                at = m.end();
            }
            if (!this.expression.substring(at).isBlank()) {
                throw fail("unexpected '" + this.expression.substring(at).strip() + "'");
            }
        }

        MemberOfExpression parse() {
            List<List<Term>> anyOf = new ArrayList<>();
            List<Term> allOf = new ArrayList<>();
            allOf.add(term());
            while (next < tokens.size()) {
                String join = tokens.get(next++);
                if (join.equals("or") || join.equals("||")) {
                    anyOf.add(allOf);
                    allOf = new ArrayList<>();
                } else if (!join.equals("and") && !join.equals("&&")) {
                    throw fail("expected 'and' or 'or' but found '" + join + "'");
                }
                allOf.add(term());
            }
            anyOf.add(allOf);
            if (anyOf.size() > 1 && anyOf.stream().flatMap(List::stream).anyMatch(Term::taskGroup)) {
                throw fail("task:group terms cannot be combined with 'or' (pod affinity terms all apply)");
            }
            return new MemberOfExpression(anyOf);
        }

        private Term term() {
            String subject = take("a subject (attribute:<name> or task:group)");
            if (!subject.equals(TASK_GROUP)
                    && !(subject.startsWith(ATTRIBUTE) && subject.length() > ATTRIBUTE.length())) {
                throw fail("unsupported subject '" + subject + "': use attribute:<name> or task:group");
            }
            String word = take("an operator");
            Operator operator = OPERATORS.get(word);
            if (operator == null) {
                throw fail("unsupported operator '" + word + "': use ==, !=, >, >=, <, <=, in, not_in, exists or not_exists");
            }
            List<String> values = new ArrayList<>();
            if (operator.takesList()) {
                expect("[");
                values.add(value());
                while (peek(",")) {
                    next++;
                    values.add(value());
                }
                expect("]");
            } else if (!operator.takesNothing()) {
                values.add(value());
            }
            if (operator.numeric() && !values.get(0).matches("-?[0-9]{1,18}")) {
                throw fail(word + " compares integers, not '" + values.get(0) + "'");
            }
            return new Term(subject, operator, values);
        }

        private String value() {
            String value = take("a value");
            if (!VALUE.matcher(value).matches() || OPERATORS.containsKey(value)) {
                throw fail("expected a value (letters, digits and -_.:/) but found '" + value + "'");
            }
            return value;
        }

        private boolean peek(String token) {
            return next < tokens.size() && tokens.get(next).equals(token);
        }

        private void expect(String token) {
            String found = take("'" + token + "'");
            if (!found.equals(token)) {
                throw fail("expected '" + token + "' but found '" + found + "'");
            }
        }

        private String take(String what) {
            if (next >= tokens.size()) {
                throw fail("expected " + what + " at the end");
            }
            return tokens.get(next++);
        }

        private UnrunnableTask fail(String problem) {
            return new UnrunnableTask(UnrunnableTask.INVALID_TASK_DEFINITION,
                    "memberOf expression '" + expression + "': " + problem);
        }
    }
}
