package io.inmo.voice.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inmo.voice.CallStatus;
import io.inmo.voice.SummaryState;
import io.inmo.voice.VoiceCall;
import io.inmo.voice.jdbc.internal.Jdbc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Maps a {@link VoiceCall} to a row of {@code inmo_voice_call} and back, every field. */
final class CallRows {

    private static final List<String> COLUMN_LIST = List.of("call_id", "lead_id", "broker_id", "provider",
            "external_call_id", "status", "provider_reason", "transcript", "recording_url", "duration_micros",
            "cost", "summary", "summary_state", "summary_attempts", "summary_error", "unconfirmed", "metadata",
            "created_at", "updated_at", "ended_at", "version");

    static final String COLUMNS = String.join(", ", COLUMN_LIST);
    static final String PLACEHOLDERS = COLUMN_LIST.stream().map(CallRows::placeholder)
            .collect(Collectors.joining(", "));
    static final String ASSIGNMENTS = COLUMN_LIST.stream().map(c -> c + " = " + placeholder(c))
            .collect(Collectors.joining(", "));

    private static final TypeReference<LinkedHashMap<String, String>> STRING_MAP = new TypeReference<>() {
    };

    private final ObjectMapper json = new ObjectMapper();

    /** pgjdbc sends strings as varchar, which PostgreSQL does not turn into jsonb by itself. */
    private static String placeholder(String column) {
        return column.equals("metadata") ? "?::jsonb" : "?";
    }

    /**
     * Binds every column, in {@link #COLUMNS} order, from parameter {@code first} on.
     *
     * @return the index of the next parameter
     */
    int bind(PreparedStatement ps, VoiceCall call, int first) throws SQLException {
        int i = first;
        Jdbc.setText(ps, i++, call.callId());
        Jdbc.setText(ps, i++, call.leadId());
        Jdbc.setText(ps, i++, call.brokerId());
        Jdbc.setText(ps, i++, call.provider());
        Jdbc.setText(ps, i++, call.externalCallId());
        Jdbc.setText(ps, i++, call.status().name());
        Jdbc.setText(ps, i++, call.providerReason());
        Jdbc.setText(ps, i++, call.transcript());
        Jdbc.setText(ps, i++, call.recordingUrl());
        Jdbc.setLong(ps, i++, micros(call.duration()));
        if (call.cost() == null) {
            ps.setNull(i++, Types.NUMERIC);
        } else {
            ps.setBigDecimal(i++, call.cost());
        }
        Jdbc.setText(ps, i++, call.summary());
        Jdbc.setText(ps, i++, call.summaryState().name());
        ps.setInt(i++, call.summaryAttempts());
        Jdbc.setText(ps, i++, call.summaryError());
        ps.setBoolean(i++, call.unconfirmed());
        Jdbc.setText(ps, i++, toJson(call.metadata()));
        Jdbc.setInstant(ps, i++, call.createdAt());
        Jdbc.setInstant(ps, i++, call.updatedAt());
        Jdbc.setInstant(ps, i++, call.endedAt());
        ps.setLong(i++, call.version());
        return i;
    }

    VoiceCall read(ResultSet rs) throws SQLException {
        Long durationMicros = Jdbc.getLong(rs, "duration_micros");
        return VoiceCall.builder()
                .callId(rs.getString("call_id"))
                .leadId(rs.getString("lead_id"))
                .brokerId(rs.getString("broker_id"))
                .provider(rs.getString("provider"))
                .externalCallId(rs.getString("external_call_id"))
                .status(CallStatus.valueOf(rs.getString("status")))
                .providerReason(rs.getString("provider_reason"))
                .transcript(rs.getString("transcript"))
                .recordingUrl(rs.getString("recording_url"))
                .duration(durationMicros == null ? null : Duration.of(durationMicros, ChronoUnit.MICROS))
                .cost(rs.getBigDecimal("cost"))
                .summary(rs.getString("summary"))
                .summaryState(SummaryState.valueOf(rs.getString("summary_state")))
                .summaryAttempts(rs.getInt("summary_attempts"))
                .summaryError(rs.getString("summary_error"))
                .unconfirmed(rs.getBoolean("unconfirmed"))
                .metadata(fromJson(rs.getString("metadata")))
                .createdAt(Jdbc.getInstant(rs, "created_at"))
                .updatedAt(Jdbc.getInstant(rs, "updated_at"))
                .endedAt(Jdbc.getInstant(rs, "ended_at"))
                .version(rs.getLong("version"))
                .build();
    }

    /** A duration in whole microseconds (the column's unit; sub-microsecond parts are dropped). */
    private static Long micros(Duration d) {
        if (d == null) {
            return null;
        }
        try {
            return Math.addExact(Math.multiplyExact(d.getSeconds(), 1_000_000L), d.getNano() / 1_000L);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("call duration " + d + " is too long to store", e);
        }
    }

    private String toJson(Map<String, String> metadata) {
        Map<String, String> storable = new LinkedHashMap<>();
        metadata.forEach((k, v) -> storable.put(Jdbc.text(k), Jdbc.text(v)));
        try {
            return json.writeValueAsString(storable);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("call metadata cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    private Map<String, String> fromJson(String text) {
        try {
            return text == null ? Map.of() : json.readValue(text, STRING_MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored call metadata is not a JSON object of strings: "
                    + e.getOriginalMessage(), e);
        }
    }
}
