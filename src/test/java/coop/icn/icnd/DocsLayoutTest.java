package coop.icn.icnd;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's Layout and {@code docs/architecture.md}'s package table name every package of the
 * main code: a newcomer's map has no blank where code lives (both once missed {@code trace}).
 */
class DocsLayoutTest {
    private static final Path SOURCES = Path.of("src/main/java");

    private static List<String> packages() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            return files.filter(file -> file.toString().endsWith(".java"))
                    .map(file -> SOURCES.relativize(file.getParent()).toString().replace('/', '.'))
                    .distinct().sorted().toList();
        }
    }

    private static String section(String text, String heading) {
        int from = text.indexOf("\n" + heading + "\n");
        assertThat(from).as("no section " + heading).isNotNegative();
        int to = text.indexOf("\n## ", from + heading.length() + 2);
        return to < 0 ? text.substring(from) : text.substring(from, to);
    }

    @Test
    void theReadmeLayoutNamesEveryPackage() throws IOException {
        String layout = section(Files.readString(Path.of("README.md")), "## Layout");
        // the block lists each package at the start of a line
        assertThat(packages()).hasSizeGreaterThan(5)
                .allSatisfy(name -> assertThat(layout).as("README Layout").containsPattern("(?m)^" + name.replace(".", "\\.") + " "));
    }

    @Test
    void theArchitecturePackageTableNamesEveryPackage() throws IOException {
        String table = section(Files.readString(Path.of("docs/architecture.md")), "## Packages");
        assertThat(packages()).hasSizeGreaterThan(5)
                .allSatisfy(name -> assertThat(table).as("docs/architecture.md Packages").contains("| `" + name + "` |"));
    }
}
