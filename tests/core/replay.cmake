capiqa_add_test(tst_funnel tst_funnel.cpp)
