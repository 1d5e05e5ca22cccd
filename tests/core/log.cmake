capiqa_add_test(tst_logbus tst_logbus.cpp)
