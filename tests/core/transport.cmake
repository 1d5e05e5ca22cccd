capiqa_add_test(tst_capiclient tst_capiclient.cpp ../support/scriptedserver.cpp ../support/scriptedserver.h
                ../support/capiclienttestutil.h)
capiqa_add_test(tst_capiclient_retry tst_capiclient_retry.cpp ../support/scriptedserver.cpp
                ../support/scriptedserver.h ../support/capiclienttestutil.h)
capiqa_add_test(tst_sendplan tst_sendplan.cpp ../support/capiclienttestutil.h)
capiqa_add_test(tst_client_emulator tst_client_emulator.cpp ../support/capiclienttestutil.h)
