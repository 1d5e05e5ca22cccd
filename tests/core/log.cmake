capiqa_add_test(tst_logbus tst_logbus.cpp)
capiqa_add_test(tst_logmodel tst_logmodel.cpp)
capiqa_add_test(tst_logexport tst_logexport.cpp)
capiqa_add_test(tst_emulatorlog tst_emulatorlog.cpp)
