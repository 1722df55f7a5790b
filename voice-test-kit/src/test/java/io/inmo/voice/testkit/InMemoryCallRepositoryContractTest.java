package io.inmo.voice.testkit;

import io.inmo.voice.InMemoryCallRepository;
import io.inmo.voice.spi.CallRepository;

/** The default repository keeps every promise of the contract. */
class InMemoryCallRepositoryContractTest extends CallRepositoryContract {

    @Override
    protected CallRepository newRepository() {
        return new InMemoryCallRepository();
    }
}
