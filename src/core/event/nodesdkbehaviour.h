#pragma once

#include "requestbuilder.h"

#include <QtCore/QJsonObject>
#include <QtCore/QList>
#include <QtCore/QString>

#include <optional>

/// The Node SDK's (facebook-nodejs-business-sdk 24.0.1) handling of an event's non-PII fields,
/// reproduced for RequestBuilder's node-sdk profile. Not part of the public API.
namespace capiqa::event::detail {

/// Rewrites `event` (data[i], user_data already built) the way ServerEvent.normalize(),
/// CustomData.normalize() and Content.normalize() do, appending one SdkBehaviour diagnostic
/// (copied from `prototype`, which carries the profile) per change.
void applyNodeSdkBehaviour(QJsonObject &event, const QString &path, const FieldDiagnostic &prototype,
                           QList<FieldDiagnostic> &diagnostics);

/// JavaScript's Number.parseFloat() of a string: the longest numeric prefix after leading
/// white space. nullopt for NaN, and for ±Infinity (JSON cannot carry it; the SDK would send null).
std::optional<double> jsParseFloat(QStringView text);

} // namespace capiqa::event::detail
