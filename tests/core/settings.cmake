capiqa_add_test(tst_profilestore tst_profilestore.cpp)
capiqa_add_test(tst_secretstore tst_secretstore.cpp)
# The same tests with Qt's own event dispatcher instead of GLib's: libsecret's callbacks then
# never run and keychain jobs hang, which exercises SecretStore's timeout.
add_test(NAME tst_secretstore_noglib COMMAND tst_secretstore)
set_tests_properties(tst_secretstore_noglib PROPERTIES ENVIRONMENT "QT_QPA_PLATFORM=offscreen;QT_NO_GLIB=1" TIMEOUT 300)
capiqa_add_test(tst_preferences tst_preferences.cpp)
capiqa_add_test(tst_profilelistmodel tst_profilelistmodel.cpp)
