package io.inmo.voice.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The settings every JDBC store's builder shares, checked once in {@link JdbcStoreBuilder}, on each store's. */
class JdbcStoreBuilderTest {

    private static final DataSource UNUSED = new SwitchableDataSource(null);

    static Stream<Arguments> builders() {
        return Stream.of(
                Arguments.of("JdbcCallRepository",
                        (Function<DataSource, JdbcStoreBuilder<?>>) JdbcCallRepository::builder),
                Arguments.of("JdbcCallActivityStore",
                        (Function<DataSource, JdbcStoreBuilder<?>>) JdbcCallActivityStore::builder),
                Arguments.of("JdbcProcessedEvents",
                        (Function<DataSource, JdbcStoreBuilder<?>>) JdbcProcessedEvents::builder));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builders")
    void should_return_the_same_builder_from_every_setter(String store, Function<DataSource, JdbcStoreBuilder<?>> of) {
        // given
        JdbcStoreBuilder<?> builder = of.apply(UNUSED);

        // when / then
        assertThat(builder.createSchema(true)).isSameAs(builder);
        assertThat(builder.queryTimeout(Duration.ofSeconds(2))).isSameAs(builder);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builders")
    void should_start_from_the_default_settings(String store, Function<DataSource, JdbcStoreBuilder<?>> of) {
        // when
        JdbcStoreBuilder<?> builder = of.apply(UNUSED);

        // then
        assertThat(builder.dataSource()).isSameAs(UNUSED);
        assertThat(builder.createSchema()).isFalse();
        assertThat(builder.queryTimeout()).isEqualTo(JdbcStoreBuilder.DEFAULT_QUERY_TIMEOUT)
                .isEqualTo(Duration.ofSeconds(5));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builders")
    void should_refuse_a_query_timeout_that_is_not_positive_and_keep_the_last_good_one(
            String store, Function<DataSource, JdbcStoreBuilder<?>> of) {
        // given
        JdbcStoreBuilder<?> builder = of.apply(UNUSED).queryTimeout(Duration.ofSeconds(3));

        // when / then
        assertThatThrownBy(() -> builder.queryTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("queryTimeout must be positive, was PT0S");
        assertThatThrownBy(() -> builder.queryTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.queryTimeout(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("queryTimeout");
        assertThat(builder.queryTimeout()).isEqualTo(Duration.ofSeconds(3));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builders")
    void should_refuse_a_missing_data_source(String store, Function<DataSource, JdbcStoreBuilder<?>> of) {
        // when / then
        assertThatThrownBy(() -> of.apply(null)).isInstanceOf(NullPointerException.class).hasMessage("dataSource");
    }
}
