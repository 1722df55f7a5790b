package io.inmo.voice.spi;

import io.inmo.voice.CallLookup;
import io.inmo.voice.CallSnapshot;
import io.inmo.voice.MakeCallRequest;
import io.inmo.voice.PlacedCall;
import io.inmo.voice.ProviderConfig;
import io.inmo.voice.webhook.WebhookEvent;
import io.inmo.voice.webhook.WebhookRequest;
import java.util.Optional;

/**
 * A voice provider (VAPI, Bland, the fake), discovered with {@link java.util.ServiceLoader}.
 *
 * <p>Implementations are registered in {@code META-INF/services/io.inmo.voice.spi.VoiceProvider}, have a
 * public no-arg constructor, and are stateless and thread-safe: credentials arrive with every call in a
 * {@link ProviderConfig}, so one instance serves every broker.
 *
 * <p>Error contract, which keeps calls from being dialed twice:
 * <ul>
 *   <li>{@link io.inmo.voice.InvalidPhoneNumberException}: the provider refused the number;</li>
 *   <li>{@link io.inmo.voice.ProviderRejectedException}: any other refusal of the request (4xx);</li>
 *   <li>{@link io.inmo.voice.ProviderUnavailableException}: not reachable after the allowed retries, bad
 *       credentials, rate-limited for too long, out of balance;</li>
 *   <li>{@link io.inmo.voice.CallOutcomeUnknownException}: the request was sent and may have created a
 *       call (read timeout, 5xx); never retried.</li>
 * </ul>
 */
public interface VoiceProvider {

    /** @return the provider id, lower case: {@code "vapi"}, {@code "bland"}, {@code "fake"} */
    String id();

    /**
     * Checks a broker's configuration for this provider before anything is stored or dialed: the SDK calls it
     * each time it resolves a broker ({@link io.inmo.voice.VoiceProviderFactory#forBroker}), and the typed
     * builders ({@code VapiConfig.builder()}) call it at {@code build()}. Implementations read their settings
     * into a typed view once, with {@link ProviderConfig#typedSettings}, so this is cheap on every call after
     * the first and {@link #makeCall} reads the same view.
     *
     * @param config the broker's settings for this provider
     * @throws io.inmo.voice.InvalidRequestException naming the setting that is missing or invalid; the default
     *         accepts every configuration
     */
    default void checkConfig(ProviderConfig config) {
    }

    /**
     * Asks the provider to place a call. Our {@link MakeCallRequest#callId()} must travel in the provider's
     * call metadata so that webhooks can be matched to the call even before this method returns.
     *
     * @param request what to dial
     * @param config the broker's settings for this provider
     * @return the provider's call id and status
     */
    PlacedCall makeCall(MakeCallRequest request, ProviderConfig config);

    /**
     * Reads a call back from the provider, to reconcile a call whose webhooks did not arrive.
     *
     * @param externalCallId the provider's call id
     * @param config the broker's settings for this provider
     * @return the call, or empty when the provider does not know it
     */
    Optional<CallSnapshot> fetchCall(String externalCallId, ProviderConfig config);

    /**
     * Looks a call up by our call id, for a call whose creation request had an unknown outcome: the provider may
     * have placed it without our hearing its id. Implementations list the provider's calls created in the
     * lookup's window (narrowed by whatever the configuration identifies, such as the assistant or the calling
     * number) and return the one whose metadata carries {@link CallLookup#callId()}.
     *
     * <p>The answer must be definite: empty means the provider answered and no such call exists, which lets the
     * SDK mark the call FAILED and free the lead. When the provider cannot be reached, or its answer does not
     * settle the question (too many candidates to check), throw {@link io.inmo.voice.ProviderUnavailableException}:
     * the call is then left for the next reconciliation.
     *
     * @param lookup our call id and the creation window
     * @param config the broker's settings for this provider
     * @return the provider's call, or empty when the provider lists no call carrying our id in the window
     * @throws UnsupportedOperationException when the provider cannot search its calls (the default); the SDK then
     *         treats a call that stayed unconfirmed for the whole quiet period as FAILED
     * @throws io.inmo.voice.ProviderUnavailableException when the provider cannot be reached or the search is
     *         inconclusive
     */
    default Optional<CallSnapshot> findCall(CallLookup lookup, ProviderConfig config) {
        throw new UnsupportedOperationException(id() + " cannot look calls up by our call id");
    }

    /**
     * Turns a verified webhook body into a provider-neutral event. Called by
     * {@link io.inmo.voice.webhook.WebhookNormalizer} after the size check and signature verification.
     * Message types the SDK does not use become {@link WebhookEvent.Type#IGNORED}; they are not errors.
     *
     * @param request the raw webhook, with a JSON parser bound by the normalizer's read constraints
     * @return the event
     * @throws io.inmo.voice.MalformedWebhookException when the body cannot be understood
     */
    WebhookEvent parseWebhook(WebhookRequest request);
}
