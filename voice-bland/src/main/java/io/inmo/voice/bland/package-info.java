/**
 * The Bland AI provider for inmo-voice: {@link io.inmo.voice.bland.BlandProvider} (registered for
 * {@link java.util.ServiceLoader} under id {@code bland}), its typed configuration
 * {@link io.inmo.voice.bland.BlandConfig} and the webhook signature check
 * {@link io.inmo.voice.bland.BlandWebhookVerifier}.
 */
package io.inmo.voice.bland;
