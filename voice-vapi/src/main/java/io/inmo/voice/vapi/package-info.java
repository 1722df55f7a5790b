/**
 * VAPI provider for inmo-voice: {@link io.inmo.voice.vapi.VapiProvider} places and reads calls and parses
 * webhooks, {@link io.inmo.voice.vapi.VapiConfig} builds a broker's settings, and
 * {@link io.inmo.voice.vapi.VapiWebhookVerifier} checks that webhooks come from VAPI.
 */
package io.inmo.voice.vapi;
