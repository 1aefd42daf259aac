package org.carechat.architecture;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.stereotype.Repository;
import org.springframework.web.bind.annotation.RestController;

/** Keeps the layout of DESIGN.md: one package per feature, meeting only through public services. */
class ArchitectureTest {

    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.carechat");

    @Test
    void controllersAreNotPublic() {
        classes()
                .that()
                .areAnnotatedWith(RestController.class)
                .should()
                .notBePublic()
                .check(MAIN);
    }

    @Test
    void repositoriesAreNotPublicSoNoFeatureReachesIntoAnothersTables() {
        classes()
                .that()
                .areAnnotatedWith(Repository.class)
                .should()
                .notBePublic()
                .check(MAIN);
    }

    @Test
    void featurePackagesDoNotDependOnEachOtherInACycle() {
        slices().matching("org.carechat.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void storageAndWebSupportDoNotDependOnFeatures() {
        noClasses()
                .that()
                .resideInAnyPackage("org.carechat.storage..", "org.carechat.web..", "org.carechat.audit..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.carechat.conversation..",
                        "org.carechat.message..",
                        "org.carechat.realtime..",
                        "org.carechat.identity..",
                        "org.carechat.patient..")
                .check(MAIN);
    }

    @Test
    void onlyTheRealtimePackageTouchesWebSockets() {
        noClasses()
                .that()
                .resideOutsideOfPackage("org.carechat.realtime..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.springframework.web.socket..")
                .check(MAIN);
    }

    @Test
    void fieldsOfSpringComponentsAreFinal() {
        classes()
                .that()
                .areAnnotatedWith(org.springframework.stereotype.Service.class)
                .should()
                .haveOnlyFinalFields()
                .check(MAIN);
        classes()
                .that()
                .areAnnotatedWith(RestController.class)
                .should()
                .haveOnlyFinalFields()
                .check(MAIN);
    }

    /**
     * Only {@code Timeline} takes a conversation's next seq or inserts a timeline entry (docs/delivery.md): the
     * repository methods that do so are package-private in {@code timeline}, and within it only {@code Timeline}
     * calls them.
     */
    @Test
    void onlyTheTimelineAllocatesSeqsAndInsertsEntries() {
        noClasses()
                .that()
                .doNotHaveFullyQualifiedName("org.carechat.timeline.Timeline")
                .should()
                .callMethodWhere(target(owner(name("org.carechat.timeline.TimelineRepository")))
                        .and(target(nameMatching("nextSeq|insert.*"))))
                .because("Timeline.append is the one place that allocates a seq and inserts an entry")
                .check(MAIN);
    }

    /** The same rule for SQL: no other class writes a seq or a timeline row by hand, through any repository. */
    @Test
    void noSqlOutsideTheTimelinePackageAllocatesSeqsOrInsertsEntries() throws IOException {
        Pattern allocatesOrInserts = Pattern.compile(
                "last_seq\\s*=\\s*last_seq\\s*\\+|INSERT\\s+INTO\\s+message\\b", Pattern.CASE_INSENSITIVE);
        Path main = Path.of("src/main/java/org/carechat");
        try (Stream<Path> files = Files.walk(main)) {
            List<Path> offenders = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> !f.startsWith(main.resolve("timeline")))
                    .filter(f -> allocatesOrInserts.matcher(read(f)).find())
                    .toList();
            assertThat(offenders)
                    .as("classes outside timeline/ that allocate seqs or insert entries")
                    .isEmpty();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
