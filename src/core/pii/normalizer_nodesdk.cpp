#include "normalizers.h"

namespace capiqa::pii {

// PLACEHOLDER: being implemented.
void normalizeNodeSdk(Field field, std::string_view input, Normalized &out)
{
    Q_UNUSED(field);
    out.reset();
    out.value.assign(input);
}

} // namespace capiqa::pii
