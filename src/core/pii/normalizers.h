#pragma once

#include "pii.h"

#include <string>
#include <string_view>

/// The four official implementations' normalisation rules, one function each. They share this
/// contract so that PiiProcessor can dispatch to them and the batch path stays allocation-free
/// once the buffers of `out` have grown.
namespace capiqa::pii {

/// What a normaliser decided for one value. The caller reuses one instance across calls.
struct Normalized {
    Status status = Status::Hashed;
    /// UTF-8. For Hashed: the exact string that gets hashed. For a passthrough or
    /// SentUnhashed: the value as the implementation sends it. Empty otherwise.
    std::string value;
    /// For Rejected: the implementation's error message (as close to its own text as is useful).
    std::string error;
    /// Appended to the hex digest in what is sent (the parameter builder's ".APPENDIX");
    /// must point at static storage.
    std::string_view hashSuffix;

    void reset()
    {
        status = Status::Hashed;
        value.clear();
        error.clear();
        hashSuffix = {};
    }
};

/// `input` is UTF-8 (invalid UTF-8 is treated as the implementations treat a lone
/// replacement character). Each function resets `out` and fills it.
void normalizeParamBuilder(Field field, std::string_view input, Normalized &out); // profile "meta"
void normalizeNodeSdk(Field field, std::string_view input, Normalized &out);
void normalizePythonSdk(Field field, std::string_view input, Normalized &out);
void normalizePhpSdk(Field field, std::string_view input, Normalized &out);

} // namespace capiqa::pii
