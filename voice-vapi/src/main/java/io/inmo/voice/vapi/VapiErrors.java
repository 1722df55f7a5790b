package io.inmo.voice.vapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.inmo.voice.InvalidPhoneNumberException;
import io.inmo.voice.internal.PhoneNumbers;
import io.inmo.voice.internal.http.HttpFailures;
import io.inmo.voice.internal.http.HttpResult;
import io.inmo.voice.internal.http.ProviderRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Maps VAPI's error answers: its {@code message} is a string (401) or an array of strings (400 validation),
 * else there is an {@code error} string. A 400 about the customer number is an
 * {@link InvalidPhoneNumberException}; everything else goes through the shared HTTP outcome mapping
 * ({@link HttpFailures}): other 4xx are rejections, 401/403 and exhausted 429s unavailability, 5xx on a call
 * creation an unknown outcome.
 */
final class VapiErrors {

    private VapiErrors() {
    }

    /**
     * @param request the request VAPI refused
     * @param response its answer
     * @param phoneNumber the number dialed, masked in every message; {@code null} for requests without one
     * @param clock for {@code Retry-After} dates
     * @return the exception to throw
     */
    static RuntimeException failure(ProviderRequest request, HttpResult response, String phoneNumber, Clock clock) {
        String message = message(response.json());
        if (phoneNumber != null) {
            message = PhoneNumbers.maskIn(message, phoneNumber);
            if (response.status() == 400 && aboutCustomerNumber(message)) {
                return new InvalidPhoneNumberException("vapi refused the number " + PhoneNumbers.mask(phoneNumber)
                        + ": " + message);
            }
        }
        return HttpFailures.toException(request, response, message, clock);
    }

    /** @return VAPI's error message from a body, or {@code null} when it says nothing */
    static String message(JsonNode json) {
        JsonNode message = json.path("message");
        if (message.isTextual() && !message.asText().isBlank()) {
            return message.asText();
        }
        if (message.isArray()) {
            List<String> parts = new ArrayList<>();
            for (JsonNode m : message) {
                if (m.isTextual() && !m.asText().isBlank()) {
                    parts.add(m.asText());
                }
            }
            if (!parts.isEmpty()) {
                return String.join("; ", parts);
            }
        }
        JsonNode error = json.path("error");
        return error.isTextual() && !error.asText().isBlank() ? error.asText() : null;
    }

    private static boolean aboutCustomerNumber(String message) {
        if (message == null) {
            return false;
        }
        String m = message.toLowerCase(Locale.ROOT);
        return m.contains("customer.number") || m.contains("customer number")
                || (m.contains("customer") && m.contains("e.164"));
    }
}
