package io.inmo.voice.campaign.internal;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberToTimeZonesMapper;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;

/**
 * A lead's time zone from its phone number, from Google's libphonenumber data (never a hand-written table):
 * the number's prefix gives its region and the zones it may be in. Only a single zone is an answer; several
 * (a mobile number in a country that spans zones) or none means "unknown", and the lead is held rather than
 * called at a guess.
 */
public final class Zones {

    private Zones() {
    }

    /**
     * What the number says about its zone.
     *
     * @param zone the one zone, or {@code null}
     * @param problem why there is no single zone, or {@code null}
     */
    public record Resolution(ZoneId zone, String problem) {
    }

    /**
     * @param e164 an E.164 number
     * @return its single zone, or why it has none
     */
    public static Resolution of(String e164) {
        PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        PhoneNumber number;
        try {
            number = util.parse(e164, null);
        } catch (NumberParseException e) {
            return new Resolution(null, "the number cannot be parsed (" + e.getErrorType() + ")");
        }
        String region = util.getRegionCodeForNumber(number);
        List<String> ids = PhoneNumberToTimeZonesMapper.getInstance().getTimeZonesForNumber(number);
        if (ids.size() != 1 || PhoneNumberToTimeZonesMapper.getUnknownTimeZone().equals(ids.get(0))) {
            String where = region == null ? "country code +" + number.getCountryCode() : "region " + region;
            return new Resolution(null, ids.size() > 1
                    ? "the number may be in any of " + ids.size() + " time zones (" + where + ": "
                            + String.join(", ", ids) + "); set the lead's zone"
                    : "no time zone is known for the number (" + where + "); set the lead's zone");
        }
        try {
            return new Resolution(ZoneId.of(ids.get(0)), null);
        } catch (DateTimeException e) {
            return new Resolution(null, "the number's time zone '" + ids.get(0) + "' is not known to this JVM; set "
                    + "the lead's zone");
        }
    }
}
