package io.inmo.voice.spring;

import io.inmo.voice.CallActivity;
import io.inmo.voice.CallListener;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Several {@link CallListener} beans as one, in order; one failing listener does not keep the others from the activity. */
final class CompositeCallListener implements CallListener {

    private static final Logger log = LoggerFactory.getLogger(CompositeCallListener.class);

    private final List<CallListener> listeners;

    private CompositeCallListener(List<CallListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    static CompositeCallListener of(List<CallListener> listeners) {
        return new CompositeCallListener(listeners);
    }

    @Override
    public void onActivity(CallActivity activity) {
        for (CallListener listener : listeners) {
            try {
                listener.onActivity(activity);
            } catch (RuntimeException e) {
                log.warn("CallListener {} failed on {} of call {}; the call is unaffected", listener.getClass().getName(),
                        activity.type(), activity.call().callId(), e);
            }
        }
    }
}
