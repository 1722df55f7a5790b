package io.inmo.voice.campaign;

class InMemoryCampaignStoreTest extends CampaignStoreContract {

    @Override
    protected CampaignStore newStore() {
        return new InMemoryCampaignStore();
    }
}
