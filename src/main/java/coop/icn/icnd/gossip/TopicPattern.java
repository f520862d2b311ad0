package coop.icn.icnd.gossip;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Names a set of topics: {@code *} (every topic), {@code namespace:*} (every topic of one
 * namespace) or one exact topic. Subscriptions and retention exemptions are lists of these.
 * A namespace pattern matches the namespace exactly: {@code ledger:*} matches
 * {@code ledger:USD} and not {@code ledgerx:foo}.
 */
public record TopicPattern(String text) {
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9][a-z0-9_.\\-]{0,63}");
    public static final TopicPattern ALL = new TopicPattern("*");

    public TopicPattern {
        if (!isValid(text)) {
            throw new IllegalArgumentException("a topic pattern is '*', 'namespace:*' or a topic namespace:purpose, got '"
                    + text + "'");
        }
    }

    public static TopicPattern parse(String text) {
        return new TopicPattern(text);
    }

    public static List<TopicPattern> parseAll(List<String> texts) {
        return texts.stream().map(TopicPattern::parse).toList();
    }

    public static boolean isValid(String text) {
        if (text == null) {
            return false;
        }
        if (text.equals("*")) {
            return true;
        }
        if (text.endsWith(":*")) {
            return NAMESPACE.matcher(text.substring(0, text.length() - 2)).matches();
        }
        return Entry.isValidTopic(text);
    }

    public boolean matches(String topic) {
        if (text.equals("*")) {
            return true;
        }
        if (text.endsWith(":*")) {
            // the namespace with its colon: "ledger:" never matches "ledgerx:..."
            return topic.startsWith(text.substring(0, text.length() - 1));
        }
        return text.equals(topic);
    }

    /** The namespace a {@code namespace:*} pattern names, or null for {@code *} and exact topics. */
    String namespace() {
        return text.endsWith(":*") ? text.substring(0, text.length() - 2) : null;
    }

    public static boolean anyMatches(List<TopicPattern> patterns, String topic) {
        for (TopicPattern pattern : patterns) {
            if (pattern.matches(topic)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return text;
    }
}
