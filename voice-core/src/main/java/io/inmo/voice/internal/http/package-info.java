/**
 * Not API: the HTTP plumbing the provider modules share (timeouts, the never-dial-twice retry rule, mapping of
 * HTTP outcomes to the SDK's exceptions). Public only so that the provider modules can reach it; it may change
 * or disappear in any release without notice, and it is left out of the published Javadoc. To give a provider
 * your own {@link java.net.http.HttpClient} or {@link java.time.Clock}, use its builder, e.g.
 * {@code VapiProvider.builder().httpClient(client).build()}.
 */
package io.inmo.voice.internal.http;
