package io.github.mask4j.examples;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layering of the library, checked on the compiled classes of every module this one depends on (core,
 * video, twilio, kafka and the examples themselves; the benchmarks are a leaf that may measure internals).
 *
 * <p>Modules are told apart by package: mask-video is {@code io.github.mask4j.video..}, mask-twilio
 * {@code ..twilio..}, mask-kafka {@code ..kafka..}, mask-examples {@code ..examples..}; everything else under
 * {@code io.github.mask4j} is mask-core.
 */
class ArchitectureTest {

    private static final String ROOT = "io.github.mask4j";
    private static final String VIDEO = ROOT + ".video..";
    private static final String TWILIO = ROOT + ".twilio..";
    private static final String KAFKA = ROOT + ".kafka..";
    private static final String EXAMPLES = ROOT + ".examples..";
    private static final String BENCH = ROOT + ".bench..";
    private static final String[] OUTSIDE_CORE = {VIDEO, TWILIO, KAFKA, EXAMPLES, BENCH};

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // under `mvn verify` the other modules' tests arrive as test-jars, not test-classes folders
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages(ROOT);
        // a rule over no classes passes vacuously: make sure every module is really there
        for (String module : new String[] {"", ".video", ".twilio", ".kafka", ".examples"}) {
            assertThat(classes.containPackage(ROOT + module))
                    .as("classes of package %s imported", ROOT + module)
                    .isTrue();
        }
        assertThat(classes.contain(ROOT + ".classification.Classifier")).isTrue();
    }

    @Test
    void noPackageCycles() {
        // one slice per package, the root package included (a pattern like "io.github.mask4j.(**)" would
        // leave the root out, and the root is where a cycle is most likely)
        slices().assignedFrom(new SliceAssignment() {
                    @Override
                    public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                        String name = javaClass.getPackageName();
                        return name.equals(ROOT) || name.startsWith(ROOT + ".")
                                ? SliceIdentifier.of(name) : SliceIdentifier.ignore();
                    }

                    @Override
                    public String getDescription() {
                        return "one slice per package under " + ROOT;
                    }
                })
                .should().beFreeOfCycles()
                .check(classes);
    }

    @Test
    void rootPackageIsTheBottomOfCore() {
        // the exceptions, BatchResult and the version are used by every package: they use none of them
        noClasses().that().resideInAPackage(ROOT)
                .should().dependOnClassesThat(resideInAPackage(ROOT + "..").and(not(resideInAPackage(ROOT))))
                .check(classes);
    }

    @Test
    void modulesDependOnlyDownwards() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("core").definedBy(classes.stream()
                        .filter(c -> c.getPackageName().startsWith(ROOT)
                                && !inAny(c.getPackageName(), OUTSIDE_CORE))
                        .map(c -> c.getPackageName())
                        .distinct()
                        .toArray(String[]::new))
                .layer("video").definedBy(VIDEO)
                .layer("twilio").definedBy(TWILIO)
                .layer("kafka").definedBy(KAFKA)
                .layer("examples").definedBy(EXAMPLES)
                .whereLayer("examples").mayNotBeAccessedByAnyLayer()
                .whereLayer("kafka").mayOnlyBeAccessedByLayers("examples")
                .whereLayer("twilio").mayOnlyBeAccessedByLayers("kafka", "examples")
                .whereLayer("video").mayOnlyBeAccessedByLayers("twilio", "kafka", "examples")
                .check(classes);
    }

    @Test
    void coreInternalsStayInCore() {
        noClasses().that().resideInAnyPackage(OUTSIDE_CORE)
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".internal..")
                .check(classes);
    }

    @Test
    void videoInternalsStayInVideo() {
        noClasses().that().resideOutsideOfPackage(VIDEO)
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".video.internal..")
                .check(classes);
    }

    @Test
    void coreInternalsDoNotCallBackIntoTheApi() {
        // the public packages call the internals, never the other way round: internals work on values
        // (images, options, reports) and on the Embedder interface
        noClasses().that().resideInAPackage(ROOT + ".internal..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        ROOT + ".extractor..", ROOT + ".classification..", ROOT + ".regression..", ROOT + ".face..")
                .check(classes);
    }

    private static boolean inAny(String packageName, String[] patterns) {
        for (String pattern : patterns) {
            String prefix = pattern.substring(0, pattern.length() - 2);
            if (packageName.equals(prefix) || packageName.startsWith(prefix + ".")) {
                return true;
            }
        }
        return false;
    }
}
