package io.inmo.voice.examples;

import io.inmo.voice.VoiceCall;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON views of the demo's API, shared by the JDK demo server and the Spring Boot sample so that both answer
 * with the same fields.
 */
public final class DemoJson {

    private DemoJson() {
    }

    /**
     * @param call the stored call
     * @param leads the CRM's leads, for the lead's name and current score
     * @return the call as {@code GET /api/v1/calls/{call_id}} answers it
     */
    public static Map<String, Object> call(VoiceCall call, LeadStore leads) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("call_id", call.callId());
        json.put("lead_id", call.leadId());
        json.put("broker_id", call.brokerId());
        json.put("provider", call.provider());
        json.put("external_call_id", call.externalCallId());
        json.put("status", call.status().name());
        json.put("unconfirmed", call.unconfirmed());
        json.put("provider_reason", call.providerReason());
        json.put("duration_seconds", call.duration() == null ? null : call.duration().toSeconds());
        json.put("cost_usd", call.cost());
        json.put("recording_url", call.recordingUrl());
        json.put("transcript", call.transcript());
        json.put("summary", call.summary());
        json.put("summary_state", call.summaryState().name());
        json.put("summary_error", call.summaryError());
        json.put("created_at", call.createdAt().toString());
        json.put("ended_at", call.endedAt() == null ? null : call.endedAt().toString());
        Optional<Lead> lead = leads.find(call.leadId());
        json.put("lead_name", lead.map(Lead::name).orElse(null));
        json.put("lead_score", lead.map(l -> leads.score(l.id())).orElse(null));
        return json;
    }

    /**
     * @param lead the lead
     * @param leads the CRM's leads, for the lead's current score
     * @return the lead as {@code GET /api/v1/leads/{lead_id}} answers it
     */
    public static Map<String, Object> lead(Lead lead, LeadStore leads) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("lead_id", lead.id());
        json.put("name", lead.name());
        json.put("phone_number", lead.phoneNumber());
        json.put("broker_id", lead.brokerId());
        json.put("property", lead.property());
        json.put("score", leads.score(lead.id()));
        return json;
    }
}
