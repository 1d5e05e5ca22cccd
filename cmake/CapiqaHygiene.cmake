# One INTERFACE target carries the compiler and Qt hygiene settings; every target links it.
add_library(capiqa_hygiene INTERFACE)
target_compile_definitions(capiqa_hygiene INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_CAST_FROM_BYTEARRAY
    QT_NO_CONTEXTLESS_CONNECT
    QT_NO_KEYWORDS
    QT_NO_URL_CAST_FROM_STRING
    QT_USE_QSTRINGBUILDER
    QT_NO_FOREACH
    QT_DISABLE_DEPRECATED_UP_TO=0x060400
)
target_compile_options(capiqa_hygiene INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor)
if(CAPIQA_WARNINGS_AS_ERRORS)
    target_compile_options(capiqa_hygiene INTERFACE -Werror)
endif()
if(CAPIQA_SANITIZE)
    target_compile_options(capiqa_hygiene INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    target_link_options(capiqa_hygiene INTERFACE -fsanitize=address,undefined)
endif()
