package org.carechat.org;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class OrgRepository {

    private static final String COLUMNS = "id, name, created_at, require_second_factor";

    private final JdbcClient jdbc;

    OrgRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Organisation org) {
        jdbc.sql("INSERT INTO organisation (id, name, created_at) VALUES (?, ?, ?)")
                .params(org.id(), org.name(), org.createdAt())
                .update();
    }

    Optional<Organisation> findById(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM organisation WHERE id = ?")
                .param(id)
                .query(Organisation.class)
                .optional();
    }

    Optional<Organisation> findByName(String name) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM organisation WHERE LOWER(name) = LOWER(?)")
                .param(name)
                .query(Organisation.class)
                .optional();
    }

    List<Organisation> findAll() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM organisation ORDER BY name").query(Organisation.class).list();
    }

    void updateSettings(String id, boolean requireSecondFactor) {
        jdbc.sql("UPDATE organisation SET require_second_factor = ? WHERE id = ?")
                .params(requireSecondFactor ? 1 : 0, id).update();
    }

    long count() {
        return jdbc.sql("SELECT COUNT(*) FROM organisation").query(Long.class).single();
    }
}
