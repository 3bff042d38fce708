package io.woperator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Arrays;

/**
 * The floors of DESIGN.md's "The shape to reach", each importing only from below: Main wires; the doors (every way
 * in) are imported by Main alone; who-may-do-what and the outputs sit under the doors; the stream under them; the
 * engines under the stream; protocol, config and platform at the bottom. A change that breaks a floor fails here
 * with the rule's name.
 */
@AnalyzeClasses(packages = "io.woperator", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String[] DOORS = {"io.woperator.http..", "io.woperator.signaling..", "io.woperator.whep..",
        "io.woperator.files..", "io.woperator.hub..", "io.woperator.api.."};

    @ArchTest
    static final ArchRule floors = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("Main").definedBy("io.woperator")
            .layer("Doors").definedBy(DOORS)
            .layer("Access").definedBy("io.woperator.access..")
            .layer("Outputs").definedBy("io.woperator.janus..", "io.woperator.whip..", "io.woperator.recording..",
                    "io.woperator.publish..")
            .layer("Stream").definedBy("io.woperator.stream..")
            .layer("Engines").definedBy("io.woperator.capture..", "io.woperator.desktop..", "io.woperator.media..",
                    "io.woperator.frames..", "io.woperator.rtc..", "io.woperator.session..")
            .layer("Base").definedBy("io.woperator.protocol..", "io.woperator.config..", "io.woperator.platform..")
            .whereLayer("Main").mayNotBeAccessedByAnyLayer()
            .whereLayer("Doors").mayOnlyBeAccessedByLayers("Main")
            .whereLayer("Access").mayOnlyBeAccessedByLayers("Doors", "Main")
            .whereLayer("Outputs").mayOnlyBeAccessedByLayers("Doors", "Main")
            .whereLayer("Stream").mayOnlyBeAccessedByLayers("Outputs", "Doors", "Main")
            .whereLayer("Engines").mayOnlyBeAccessedByLayers("Stream", "Outputs", "Doors", "Main")
            .whereLayer("Base").mayOnlyBeAccessedByLayers("Engines", "Stream", "Outputs", "Access", "Doors", "Main");

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("io.woperator.(*)..").should().beFreeOfCycles();

    /** The screen and the desktop are read and driven without WebRTC: the engines that send sit above them. */
    @ArchTest
    static final ArchRule captureAndDesktopNeverReachRtc = noClasses().that()
            .resideInAnyPackage("io.woperator.capture..", "io.woperator.desktop..")
            .should().dependOnClassesThat().resideInAPackage("io.woperator.rtc..");

    /**
     * The data channel's picture path (our encoder, its feeds, the channel and its gate) is one package that RTP's
     * side uses; it carries its pictures on a data channel it is given, and needs nothing of RTP's.
     */
    @ArchTest
    static final ArchRule framesNeverReachRtc = noClasses().that().resideInAPackage("io.woperator.frames..")
            .should().dependOnClassesThat().resideInAnyPackage("io.woperator.rtc..", "io.woperator.media..");

    /** Janus, WHIP and recording stand beside each other; what the two publishers share is in publish. */
    @ArchTest
    static final ArchRule janusStandsApart = apart("io.woperator.janus..", "io.woperator.whip..",
            "io.woperator.recording..");
    @ArchTest
    static final ArchRule whipStandsApart = apart("io.woperator.whip..", "io.woperator.janus..",
            "io.woperator.recording..");
    @ArchTest
    static final ArchRule recordingStandsApart = apart("io.woperator.recording..", "io.woperator.janus..",
            "io.woperator.whip..", "io.woperator.publish..");

    /**
     * A viewer's session makes its peer through {@code stream.ViewerPeers}, whichever output serves the picture: the
     * viewer's door knows none of them.
     */
    @ArchTest
    static final ArchRule signalingKnowsNoOutput = apart("io.woperator.signaling..", "io.woperator.janus..",
            "io.woperator.whip..", "io.woperator.recording..", "io.woperator.publish..");

    /**
     * Doors do not go through each other. The one exception: the hub carries viewers to the same sessions and
     * socket as /ws (its relay, and a sender's link to it), so it builds on signaling.
     */
    @ArchTest
    static final ArchRule httpStandsApart = apart("io.woperator.http..", otherDoors("io.woperator.http.."));
    @ArchTest
    static final ArchRule signalingStandsApart = apart("io.woperator.signaling..",
            otherDoors("io.woperator.signaling.."));
    @ArchTest
    static final ArchRule whepStandsApart = apart("io.woperator.whep..", otherDoors("io.woperator.whep.."));
    @ArchTest
    static final ArchRule filesStandApart = apart("io.woperator.files..", otherDoors("io.woperator.files.."));
    @ArchTest
    static final ArchRule apiStandsApart = apart("io.woperator.api..", otherDoors("io.woperator.api.."));
    @ArchTest
    static final ArchRule hubReachesNoDoorButSignaling = apart("io.woperator.hub..",
            otherDoors("io.woperator.hub..", "io.woperator.signaling.."));

    private static ArchRule apart(String from, String... others) {
        return noClasses().that().resideInAPackage(from).should().dependOnClassesThat().resideInAnyPackage(others);
    }

    private static String[] otherDoors(String... these) {
        return Arrays.stream(DOORS).filter(door -> !Arrays.asList(these).contains(door)).toArray(String[]::new);
    }
}
