#include "piiprocessor.h"

#include "sha256.h"

namespace capiqa::pii {

QJsonValue PiiResult::sentJson() const
{
    if (!hasSent)
        return QJsonValue(QJsonValue::Null);
    return QJsonValue(QString::fromUtf8(sent.data(), qsizetype(sent.size())));
}

const PiiResult &PiiProcessor::process(Field field, std::string_view utf8)
{
    switch (m_profile) {
    case Profile::Meta: normalizeParamBuilder(field, utf8, m_scratch); break;
    case Profile::NodeSdk: normalizeNodeSdk(field, utf8, m_scratch); break;
    case Profile::PythonSdk: normalizePythonSdk(field, utf8, m_scratch); break;
    case Profile::PhpSdk: normalizePhpSdk(field, utf8, m_scratch); break;
    }

    PiiResult &r = m_result;
    r.status = m_scratch.status;
    r.normalized.assign(m_scratch.value);
    r.error.assign(m_scratch.error);
    r.sha256.clear();
    r.sent.clear();
    r.hasSent = false;

    switch (r.status) {
    case Status::Hashed: {
        Sha256::Hex hex;
        Sha256::hex(r.normalized, hex);
        r.sha256.assign(hex.data(), hex.size());
        r.sent.assign(hex.data(), hex.size());
        r.sent.append(m_scratch.hashSuffix);
        r.hasSent = true;
        break;
    }
    case Status::PassthroughSha256:
    case Status::PassthroughMd5:
    case Status::PassthroughParamBuilder:
    case Status::Passthrough:
        // Parameter-builder output carries its appendix already; the bare hash precedes the last dot.
        if (r.status == Status::PassthroughParamBuilder)
            r.sha256.assign(r.normalized, 0, r.normalized.rfind('.'));
        else
            r.sha256.assign(r.normalized);
        r.sent.assign(r.normalized);
        r.sent.append(m_scratch.hashSuffix);
        r.hasSent = true;
        break;
    case Status::SentUnhashed:
        r.sent.assign(r.normalized);
        r.hasSent = true;
        break;
    case Status::Rejected:
    case Status::Dropped:
    case Status::DroppedNull:
        break;
    }
    return r;
}

PiiResult PiiProcessor::run(Profile profile, Field field, QStringView value)
{
    PiiProcessor processor(profile);
    const QByteArray utf8 = value.toUtf8();
    return processor.process(field, std::string_view(utf8.constData(), std::size_t(utf8.size())));
}

} // namespace capiqa::pii
