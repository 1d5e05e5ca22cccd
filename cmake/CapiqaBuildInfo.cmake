# Build facts from one place. The release number is project(VERSION) and the home page
# project(HOMEPAGE_URL) in the root CMakeLists; the rest is here. The About dialog, --version,
# the AppStream metainfo, the .desktop file and the packages all read these variables.
set(CAPIQA_APP_ID "io.github.capiqa.Console")      # reverse-DNS id: .desktop, metainfo, icon names
set(CAPIQA_DISPLAY_NAME "CAPI QA Console")
set(CAPIQA_LICENSE "MIT")                           # SPDX id of capiqa's own licence
set(CAPIQA_COPYRIGHT "2026 The capiqa authors")
set(CAPIQA_MAINTAINER "capiqa maintainers <capiqa@users.noreply.github.com>")
set(CAPIQA_RELEASE_DATE "2026-11-26")               # date of PROJECT_VERSION, for AppStream <release>

find_package(Git QUIET)

# capiqa_add_buildinfo_header(<target>): gives <target> the private header capiqa_buildinfo.h
# (version, `git describe`, home page, licence, app id). It is rewritten on every build, and only when its
# text changes, so a new commit shows in --version without re-running CMake and without rebuilding
# more than the one file that includes it.
function(capiqa_add_buildinfo_header target)
    set(dir ${CMAKE_BINARY_DIR}/generated)
    add_custom_target(${target}_buildinfo
        BYPRODUCTS ${dir}/capiqa_buildinfo.h
        COMMAND ${CMAKE_COMMAND}
            -DSOURCE_DIR=${PROJECT_SOURCE_DIR}
            -DOUTPUT=${dir}/capiqa_buildinfo.h
            -DGIT_EXECUTABLE=${GIT_EXECUTABLE}
            -DVERSION=${PROJECT_VERSION}
            -DHOMEPAGE=${PROJECT_HOMEPAGE_URL}
            -DLICENSE=${CAPIQA_LICENSE}
            -DCOPYRIGHT=${CAPIQA_COPYRIGHT}
            -DAPP_ID=${CAPIQA_APP_ID}
            -P ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/CapiqaGitDescribe.cmake
        COMMENT "Checking the git version for capiqa_buildinfo.h"
        VERBATIM)
    add_dependencies(${target} ${target}_buildinfo)
    target_include_directories(${target} PRIVATE ${dir})
endfunction()
