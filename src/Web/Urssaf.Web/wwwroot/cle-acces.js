// Passkeys (WebAuthn): progressive enhancement. Without this script, or without WebAuthn, the forms stay hidden and
// the page explains that a passkey needs JavaScript. The options come from the page's own handler (which asks the API
// server-side); the credential goes back to the page with the anti-forgery token; no token of the API reaches here.
(function () {
  "use strict";
  var form = document.getElementById("cle-acces");
  if (!form) return;
  if (!window.PublicKeyCredential || !navigator.credentials) {
    form.querySelector("[data-cle-message]").textContent = "";
    return;
  }
  document.querySelectorAll("[data-cle-sans-js]").forEach(function (p) { p.hidden = true; });
  form.hidden = false;

  var message = form.querySelector("[data-cle-message]");
  var button = form.querySelector("[data-cle-demarrer]");
  var registering = form.getAttribute("data-cle") === "ajout";

  function toBytes(b64url) {
    var b64 = b64url.replace(/-/g, "+").replace(/_/g, "/");
    while (b64.length % 4) b64 += "=";
    var bin = atob(b64), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return bytes.buffer;
  }
  function toB64url(buffer) {
    var bytes = new Uint8Array(buffer), bin = "";
    for (var i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
    return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  function post(url, fields) {
    var body = new URLSearchParams();
    body.append("__af", form.querySelector("input[name='__af']").value);
    Object.keys(fields).forEach(function (k) { body.append(k, fields[k]); });
    return fetch(url, { method: "POST", body: body, credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) {
        if (!r.ok) throw new Error("http");
        return r.json();
      });
  }
  function show(text, link) {
    message.textContent = text;
    if (link) {
      var a = document.createElement("a");
      a.href = link;
      a.textContent = " Se reconnecter pour ajouter la clé d'accès";
      message.appendChild(a);
    }
  }
  function fail(error) {
    if (error && error.name === "NotAllowedError") show("L'opération a été annulée, ou le délai est dépassé. Recommencez quand vous voulez.");
    else if (error && error.name === "InvalidStateError") show("Cette clé d'accès est déjà enregistrée sur votre compte.");
    else if (error && error.name === "SecurityError") show("Votre navigateur refuse la clé d'accès pour ce site.");
    else show("La clé d'accès n'a pas pu être utilisée. Réessayez, ou connectez-vous avec votre mot de passe.");
  }
  function credentialJson(c) {
    var r = c.response, response = { clientDataJSON: toB64url(r.clientDataJSON) };
    if (r.attestationObject) {
      response.attestationObject = toB64url(r.attestationObject);
      if (r.getTransports) response.transports = r.getTransports();
    }
    if (r.authenticatorData) response.authenticatorData = toB64url(r.authenticatorData);
    if (r.signature) response.signature = toB64url(r.signature);
    if (r.userHandle) response.userHandle = toB64url(r.userHandle);
    return JSON.stringify({
      id: c.id, rawId: toB64url(c.rawId), type: c.type, response: response,
      clientExtensionResults: c.getClientExtensionResults ? c.getClientExtensionResults() : {}
    });
  }

  button.addEventListener("click", function () {
    message.textContent = "";
    var name = "";
    if (registering) {
      name = form.querySelector("input[name='name']").value.trim();
      if (!name) {
        show("Donnez un nom à la clé d'accès (de 1 à 60 caractères).");
        form.querySelector("input[name='name']").focus();
        return;
      }
    }
    button.disabled = true;
    post(form.getAttribute("data-options"), {})
      .then(function (answer) {
        if (answer.error) {
          show(answer.error, answer.reconnect);
          return null;
        }
        var pk = answer.publicKey;
        pk.challenge = toBytes(pk.challenge);
        (pk.allowCredentials || []).forEach(function (d) { d.id = toBytes(d.id); });
        (pk.excludeCredentials || []).forEach(function (d) { d.id = toBytes(d.id); });
        var pending;
        if (registering) {
          pk.user.id = toBytes(pk.user.id);
          pending = navigator.credentials.create({ publicKey: pk });
        } else {
          pending = navigator.credentials.get({ publicKey: pk });
        }
        return pending.then(function (credential) {
          var fields = { optionsId: answer.optionsId, credential: credentialJson(credential) };
          if (registering) fields.name = name;
          return post(form.getAttribute("action"), fields);
        }).then(function (result) {
          if (result.redirect) {
            var target = new URL(result.redirect, window.location.href);
            if (target.pathname === window.location.pathname && target.search === window.location.search) {
              window.location.hash = target.hash; // same page: the hash alone would not reload it
              window.location.reload();
            } else {
              window.location.assign(target.href);
            }
          }
          else show(result.error || "La clé d'accès n'a pas pu être utilisée.");
        });
      })
      .catch(fail)
      .finally(function () { button.disabled = false; });
  });
})();
