package org.carechat.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Arrays;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Both databases reach the same schema version: the console's system page, backups and the upgrade checks report
 * one version, so a migration one database needs and the other does not still ships for both (a no-op where it
 * changes nothing).
 */
class MigrationVersionsTest {

    @Test
    void everySqlMigrationVersionShipsForSqliteAndPostgresql() throws IOException {
        assertThat(versions("sqlite"))
                .as("SQLite's migrations against PostgreSQL's")
                .isEqualTo(versions("postgresql"))
                .isNotEmpty();
    }

    private static SortedSet<Integer> versions(String dialect) throws IOException {
        Resource[] files = new PathMatchingResourcePatternResolver()
                .getResources("classpath*:db/migration/" + dialect + "/V*__*.sql");
        return Arrays.stream(files)
                .map(Resource::getFilename)
                .map(name -> Integer.parseInt(name.substring(1, name.indexOf("__"))))
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
