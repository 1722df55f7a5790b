package io.inmo.voice.examples.spring;

import io.inmo.voice.VoiceCall;
import io.inmo.voice.VoiceCallService;
import io.inmo.voice.examples.DemoJson;
import io.inmo.voice.examples.Lead;
import io.inmo.voice.examples.LeadStore;
import java.net.URI;
import java.util.List;
import java.util.Map;
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
        VoiceCall call = calls.initiate(lead.callTarget());
        return ResponseEntity.created(URI.create("/api/v1/calls/" + call.callId())).body(DemoJson.call(call, leads));
    }

    @GetMapping("/api/v1/calls/{callId}")
    Map<String, Object> call(@PathVariable("callId") String callId) {
        return DemoJson.call(calls.find(callId).orElseThrow(() ->
                new DemoApiErrors.ApiError(404, "call_not_found", "no call with id '" + callId + "'")), leads);
    }

    @GetMapping("/api/v1/leads")
    List<Map<String, Object>> leads() {
        return leads.all().stream().map(l -> DemoJson.lead(l, leads)).toList();
    }

    @GetMapping("/api/v1/leads/{leadId}")
    Map<String, Object> lead(@PathVariable("leadId") String leadId) {
        return DemoJson.lead(leads.find(leadId).orElseThrow(() ->
                new DemoApiErrors.ApiError(404, "lead_not_found", "no lead with id '" + leadId + "'")), leads);
    }
}
