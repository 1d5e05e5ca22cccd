capiqa_add_test(tst_capturereader tst_capturereader.cpp)
find_package(ZLIB REQUIRED)
target_link_libraries(tst_capturereader PRIVATE ZLIB::ZLIB)
capiqa_add_test(tst_dedupmatcher tst_dedupmatcher.cpp)
