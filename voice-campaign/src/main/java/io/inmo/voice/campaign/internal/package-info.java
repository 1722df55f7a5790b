/**
 * Not API: helpers of the campaign module (time zones of numbers, masking). Public only so that the module's own
 * packages can reach them; they may change or disappear in any release without notice, and they are left out of
 * the published Javadoc.
 */
package io.inmo.voice.campaign.internal;
