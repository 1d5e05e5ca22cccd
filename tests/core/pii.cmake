capiqa_add_test(tst_sha256 tst_sha256.cpp)
capiqa_add_test(tst_normalizer tst_normalizer.cpp)
