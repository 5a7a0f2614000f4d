package dev.baton.launcher;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The arrows of DESIGN.md's package map, checked on the compiled main classes: launcher →
 * {core, healthcheck}, healthcheck → core's SPI only, and inside core no two packages importing
 * each other. A health-check plugin (the example) compiles against the SPI alone.
 */
class ArchitectureTest {
    private static JavaClasses baton;

    @BeforeAll
    static void importMainClasses() {
        baton = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.baton");
    }

    @Test
    void corePackagesHaveNoCycle() {
        slices().matching("dev.baton.core.(*)..").should().beFreeOfCycles().check(baton);
    }

    @Test
    void coreImportsNeitherTheLauncherNorTheChecks() {
        noClasses().that().resideInAPackage("dev.baton.core..").should().dependOnClassesThat()
                .resideInAnyPackage("dev.baton.launcher..", "dev.baton.healthcheck..").check(baton);
    }

    @Test
    void theChecksUseOnlyTheSpiOfCore() {
        noClasses().that().resideInAPackage("dev.baton.healthcheck..").should().dependOnClassesThat(
                resideInAPackage("dev.baton.core..").and(not(resideInAPackage("dev.baton.core.spi..")))).check(baton);
    }

    @Test
    void theSpiDependsOnNothingElseOfBaton() {
        noClasses().that().resideInAPackage("dev.baton.core.spi..").should().dependOnClassesThat(
                resideInAPackage("dev.baton..").and(not(resideInAPackage("dev.baton.core.spi..")))).check(baton);
    }

    /** Everything a plugin needs is in the SPI: the example plugin, built in the reactor, uses nothing else. */
    @Test
    void aPluginNeedsNothingOutsideTheSpi() {
        Path classes = Path.of(System.getProperty("baton.examples", "../examples"), "healthcheck-plugin", "target",
                "classes");
        assertTrue(Files.isDirectory(classes), "the example plugin is not built at " + classes.toAbsolutePath()
                + ": run the tests from the root pom (./test.sh), which builds it first");
        JavaClasses plugin = new ClassFileImporter().importPath(classes);
        noClasses().should().dependOnClassesThat(
                resideInAPackage("dev.baton..").and(not(resideInAPackage("dev.baton.core.spi..")))).check(plugin);
    }
}
