capiqa_add_test(tst_capiclient tst_capiclient.cpp ../support/scriptedserver.cpp ../support/scriptedserver.h)
