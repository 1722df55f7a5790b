/**
 * Not API: the plumbing every JDBC store of the SDK shares (one connection use per operation, the query timeout
 * kept by {@link io.inmo.voice.jdbc.internal.StatementDeadlines}, SQL errors turned into
 * {@link io.inmo.voice.StoreUnavailableException}s that say what failed, the schema applied or checked). Public
 * only so that the stores of other modules ({@code voice-campaign}'s {@code JdbcCampaignStore}) can reach it; it
 * may change or disappear in any release without notice, and it is left out of the published Javadoc. Hosts use
 * the stores of {@code io.inmo.voice.jdbc} and their builders instead.
 */
package io.inmo.voice.jdbc.internal;
