/**
 * Not API: helpers shared by the SDK's own modules (JSON, texts, phone numbers, headers, signatures, retries).
 * Public only so that the provider modules can reach them; they may change or disappear in any release without
 * notice, and they are left out of the published Javadoc. Hosts use {@code io.inmo.voice},
 * {@code io.inmo.voice.spi}, {@code io.inmo.voice.webhook} and the provider packages instead.
 */
package io.inmo.voice.internal;
