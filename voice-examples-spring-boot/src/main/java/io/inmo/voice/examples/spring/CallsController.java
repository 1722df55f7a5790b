package io.inmo.voice.examples.spring;

import io.inmo.voice.CallTarget;
import io.inmo.voice.VoiceCall;
import io.inmo.voice.VoiceCallService;
import io.inmo.voice.examples.Lead;
import io.inmo.voice.examples.LeadStore;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The seed's endpoints: {@code POST /api/v1/calls/initiate} {@code {"lead_id": "lead-1"}} (201 with the call),
 * {@code GET /api/v1/calls/{call_id}}, and the leads with their scores ({@code GET /api/v1/leads[/{lead_id}]}).
 * Errors are {@code {"error": code, "message": ...}} ({@link DemoApiErrors}), as in the JDK demo.
 */
@RestController
class CallsController {

    private final VoiceCallService calls;
    private final LeadStore leads;

    CallsController(VoiceCallService calls, LeadStore leads) {
        this.calls = calls;
        this.leads = leads;
    }

    @PostMapping("/api/v1/calls/initiate")
    ResponseEntity<Map<String, Object>> initiate(@RequestBody(required = false) Map<String, Object> request) {
        Object leadId = request == null ? null : request.get("lead_id");
        if (!(leadId instanceof String) || ((String) leadId).isBlank()) {
            throw new DemoApiErrors.ApiError(400, "invalid_request",
                    "expected a JSON object with a string \"lead_id\", for example {\"lead_id\": \"lead-1\"}");
        }
        Lead lead = leads.find((String) leadId).orElseThrow(() ->
                new DemoApiErrors.ApiError(404, "lead_not_found", "no lead with id '" + leadId + "'"));
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("customerName", lead.name());
        if (lead.property() != null) {
            variables.put("property", lead.property());
        }
        // CallTarget refuses a missing number and initiate() a non-E.164 one (400), before dialing.
        VoiceCall call = calls.initiate(new CallTarget(lead.id(), lead.brokerId(), lead.phoneNumber(), lead.name(),
                variables));
        return ResponseEntity.created(URI.create("/api/v1/calls/" + call.callId())).body(callJson(call));
    }

    @GetMapping("/api/v1/calls/{callId}")
    Map<String, Object> call(@PathVariable("callId") String callId) {
        return callJson(calls.find(callId).orElseThrow(() ->
                new DemoApiErrors.ApiError(404, "call_not_found", "no call with id '" + callId + "'")));
    }

    @GetMapping("/api/v1/leads")
    List<Map<String, Object>> leads() {
        return leads.all().stream().map(this::leadJson).toList();
    }

    @GetMapping("/api/v1/leads/{leadId}")
    Map<String, Object> lead(@PathVariable("leadId") String leadId) {
        return leadJson(leads.find(leadId).orElseThrow(() ->
                new DemoApiErrors.ApiError(404, "lead_not_found", "no lead with id '" + leadId + "'")));
    }

    private Map<String, Object> callJson(VoiceCall call) {
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

    private Map<String, Object> leadJson(Lead lead) {
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
