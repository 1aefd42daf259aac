package org.carechat.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
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
}
