capiqa_add_test(tst_funnel tst_funnel.cpp)
capiqa_add_test(tst_replayengine tst_replayengine.cpp)
