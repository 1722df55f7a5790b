package io.inmo.voice.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.cfg.PackageVersion;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootVersion;

/**
 * This module's tests run on the Spring Boot line it is built for and on the Jackson 2 and JUnit versions that
 * line's BOM manages, not on the newer ones the parent pins for the library modules: the starter's pom imports
 * Boot's BOM and pins Jackson, JUnit and Micrometer to Boot's versions, as a Boot host's dependency management does. So every
 * test of this module also shows voice-core, voice-vapi and voice-bland working on a Boot host's Jackson.
 * The expected versions come from the pom (surefire system properties).
 */
class BootManagedVersionsTest {

    @Test
    void should_run_on_the_spring_boot_line_this_starter_is_built_for() {
        assertThat(SpringBootVersion.getVersion()).isEqualTo(System.getProperty("expected.spring-boot.version"));
    }

    @Test
    void should_run_on_the_jackson_version_spring_boot_manages() {
        assertThat(PackageVersion.VERSION.toString()).isEqualTo(System.getProperty("expected.jackson.version"));
    }

    @Test
    void should_run_on_the_micrometer_version_spring_boot_manages() {
        assertThat(io.micrometer.core.instrument.MeterRegistry.class.getPackage().getImplementationVersion())
                .isEqualTo(System.getProperty("expected.micrometer.version"));
    }

    @Test
    void should_run_on_the_junit_version_spring_boot_manages() {
        assertThat(Test.class.getPackage().getImplementationVersion())
                .isEqualTo(System.getProperty("expected.junit.version"));
    }
}
