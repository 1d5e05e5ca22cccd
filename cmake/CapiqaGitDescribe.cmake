# cmake -P script run on every build by capiqa_add_buildinfo_header(): writes capiqa_buildinfo.h
# from capiqa_buildinfo.h.in. configure_file() leaves the file untouched when the text is the same,
# so an unchanged checkout rebuilds nothing.
set(DESCRIBE "")
if(GIT_EXECUTABLE AND EXISTS "${SOURCE_DIR}/.git")
    execute_process(COMMAND "${GIT_EXECUTABLE}" describe --tags --always --dirty
        WORKING_DIRECTORY "${SOURCE_DIR}"
        OUTPUT_VARIABLE DESCRIBE
        OUTPUT_STRIP_TRAILING_WHITESPACE
        ERROR_QUIET
        RESULT_VARIABLE result)
    if(NOT result EQUAL 0)
        set(DESCRIBE "")
    endif()
endif()
configure_file("${CMAKE_CURRENT_LIST_DIR}/capiqa_buildinfo.h.in" "${OUTPUT}" @ONLY)
