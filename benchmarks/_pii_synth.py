"""Multilingual synthetic PII set for ``pii_vs_presidio.py``, generated with Faker.

Runs inside the Presidio benchmark venv (it needs ``faker``, and ``phonenumbers``, which
Presidio depends on); the project itself never imports Faker::

    benchmarks/.venvs/presidio/bin/python benchmarks/_pii_synth.py --out FILE [--n 1200]

Writes JSONL rows ``{id, text, spans: [{start, end, type}], lang, locale, source}``, the
same for a given seed and Faker version (the script re-runs itself with ``PYTHONHASHSEED=0``
and never asks Faker for dates relative to today), plus a ``.meta.json`` beside it. Texts
are built from our own templates in 8 locales (en_US, en_GB, de_DE, fr_FR, es_ES, it_IT,
nl_NL, pl_PL; document ``i`` uses locale ``i % 8`` so any prefix is balanced). Each gold
span is recorded while its value is inserted, so offsets are exact.

Gold types are saferail's canonical ones. Values come from Faker with a fixed seed:

* PERSON: ``first_name() + last_name()`` (two surnames half the time for es_ES), also in
  ALL CAPS, after "I'm"/"my name is" and local equivalents, in signatures and forms;
* STREET_ADDRESS: ``address()`` in the locale's format (lines joined by ", " or kept) or
  ``street_address()``; the gold span covers the whole address;
* EMAIL_ADDRESS, URL (``url()``/``uri()``), IP_ADDRESS (public IPv4 and IPv6);
* PHONE_NUMBER: ``phone_number()`` kept only when libphonenumber finds it valid for the
  locale's region, written as generated or in national, international or E.164 format;
* IBAN_CODE: ``iban()`` for the locale's country (GB for en_US), compact or in groups of 4;
* CREDIT_CARD: ``credit_card_number()`` (Luhn-valid), compact or grouped;
* DATE_OF_BIRTH: a birth date in 1935-2006 (seeded RNG) in local formats after "born on",
  "DOB:", "geboren am", "né le", ...; the span covers the date only;
* US_SSN (en_US ``ssn()``); NATIONAL_ID with valid check digits: de_DE ``rvnr()``
  (Rentenversicherungsnummer), fr_FR ``ssn()`` (NIR, also spaced), es_ES ``nif()``/``nie()``,
  it_IT ``ssn()`` (codice fiscale), nl_NL ``ssn()`` (BSN), pl_PL ``pesel()``. en_GB has none:
  Faker's NINOs use the reserved prefix ZZ on purpose;
* PASSPORT: ``passport_number()`` after a passport label (Faker's formats: realistic for
  en_US and it_IT, a generic 9 characters elsewhere).

Excluded (not scored; predictions on them are ignored): LOCATION (a bare city name) and
ORGANIZATION (``company()``, which often contains surnames). Hard negatives carry no span:
order and invoice numbers, 4-part version strings that look like IPv4, UUIDs, git hashes,
tracking numbers, amounts, times and non-birth dates.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

LOCALES = ("en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL", "pl_PL")
REGION = {
    "en_US": "US",
    "en_GB": "GB",
    "de_DE": "DE",
    "fr_FR": "FR",
    "es_ES": "ES",
    "it_IT": "IT",
    "nl_NL": "NL",
    "pl_PL": "PL",
}
GENERATOR_VERSION = 1
BIRTH_FROM = date(1935, 1, 1)
BIRTH_SPAN_DAYS = (date(2006, 12, 31) - BIRTH_FROM).days

MONTHS = {
    "en": "January February March April May June July August September October November December",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
    "diciembre",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre "
    "novembre dicembre",
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
    "pl": "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października "
    "listopada grudnia",
}

# ---------------------------------------------------------------------------------------------
# Templates. Slots in braces: gold slots {name} {NAME} {first} {email} {phone} {address}
# {street} {iban} {card} {ip} {ip6} {url} {dob} {ssn} {natid} {passport}; excluded slots
# {city} {company}; hard-negative slots (no span) {order} {invoice} {version} {uuid} {sha}
# {tracking} {amount} {date} {time}.
# ---------------------------------------------------------------------------------------------
PACKS: dict[str, dict[str, list[str]]] = {
    "en": {
        "intro": [
            "Hi, I'm {name} and I need help with my account.",
            "My name is {name}.",
            "Hello, this is {name} from the accounts team.",
            "I AM WRITING ON BEHALF OF {NAME}.",
            "{name} called yesterday about the refund.",
            "Please forward this to {name}, who handles the claim.",
        ],
        "signature": [
            "Best regards,\n{name}",
            "Kind regards,\n{NAME}",
            "Thanks,\n{name}",
            "Cheers,\n{first}",
        ],
        "contact": [
            "You can reach me at {email}.",
            "Call me on {phone} after 5pm.",
            "My number is {phone} and my email is {email}.",
            "Please send the documents to {email}.",
            "Mobile: {phone}",
        ],
        "address": [
            "I live at {address}.",
            "Please ship the order to {address}.",
            "Our new address: {address}",
            "I moved to {street} last month.",
        ],
        "finance": [
            "My IBAN is {iban}.",
            "Please refund the deposit to {iban}.",
            "Charge my card {card}, it expires 08/27.",
            "Card number: {card}",
        ],
        "tech": [
            "The suspicious login came from {ip}.",
            "Please whitelist {ip6} on the firewall.",
            "The form is at {url} if you need it.",
            "My website: {url}",
        ],
        "dob": [
            "I was born on {dob}.",
            "DOB: {dob}",
            "Date of birth: {dob}",
            "She was born {dob} in a small town.",
        ],
        "natid": [],
        "ssn": ["My SSN is {ssn}.", "Social Security Number: {ssn}", "SSN {ssn} on file."],
        "passport": [
            "My passport number is {passport}.",
            "Passport No.: {passport}",
            "Passport {passport}, valid until 2031.",
        ],
        "org": ["I work at {company} in {city}.", "The conference is in {city} this year."],
        "negative": [
            "Order #{order} was shipped on {date}.",
            "We upgraded to version {version} on {date}.",
            "Ticket {uuid} is still open.",
            "Invoice {invoice} for {amount} is due on {date}.",
            "The meeting moved to {date} at {time}.",
            "Tracking number: {tracking}",
            "Reference {order}, commit {sha}.",
        ],
        "form_sep": [": "],
        "f_name": ["Name", "Applicant", "Full name"],
        "f_email": ["Email", "E-mail"],
        "f_phone": ["Phone", "Tel."],
        "f_dob": ["Date of birth", "DOB"],
        "f_address": ["Address", "Home address"],
        "f_iban": ["IBAN"],
        "f_id": ["ID number"],
        "f_ssn": ["SSN"],
        "f_passport": ["Passport No.", "Passport number"],
        "f_order": ["Order no.", "Reference"],
    },
    "de": {
        "intro": [
            "Hallo, ich bin {name} und habe eine Frage zu meinem Konto.",
            "Mein Name ist {name}.",
            "Ich heiße {name}.",
            "ICH SCHREIBE IM AUFTRAG VON {NAME}.",
            "{name} hat gestern wegen der Rückerstattung angerufen.",
            "Bitte leite das an {name} weiter.",
        ],
        "signature": [
            "Mit freundlichen Grüßen\n{name}",
            "Viele Grüße,\n{NAME}",
            "Beste Grüße\n{first}",
        ],
        "contact": [
            "Du erreichst mich unter {email}.",
            "Ruf mich bitte unter {phone} an.",
            "Meine Nummer ist {phone}, meine E-Mail {email}.",
            "Bitte schicken Sie die Unterlagen an {email}.",
        ],
        "address": [
            "Meine Adresse lautet {address}.",
            "Bitte liefern Sie an {address}.",
            "Ich wohne jetzt in der {street}.",
        ],
        "finance": [
            "Meine IBAN lautet {iban}.",
            "Bitte überweisen Sie den Betrag auf {iban}.",
            "Meine Kreditkartennummer ist {card}.",
            "Kartennummer: {card}",
        ],
        "tech": [
            "Der verdächtige Login kam von {ip}.",
            "Bitte {ip6} in der Firewall freischalten.",
            "Das Formular findest du unter {url}.",
        ],
        "dob": [
            "Ich bin am {dob} geboren.",
            "Geburtsdatum: {dob}",
            "Er wurde am {dob} in Kiel geboren.",
            "geboren am {dob}",
        ],
        "natid": [
            "Meine Sozialversicherungsnummer lautet {natid}.",
            "Rentenversicherungsnummer: {natid}",
        ],
        "passport": ["Meine Reisepassnummer ist {passport}.", "Reisepass-Nr.: {passport}"],
        "org": ["Ich arbeite bei {company} in {city}.", "Die Messe findet in {city} statt."],
        "negative": [
            "Bestellung Nr. {order} wurde am {date} verschickt.",
            "Wir haben am {date} auf Version {version} aktualisiert.",
            "Ticket {uuid} ist noch offen.",
            "Rechnung {invoice} über {amount} ist am {date} fällig.",
            "Das Meeting ist am {date} um {time} Uhr.",
            "Sendungsnummer: {tracking}",
        ],
        "form_sep": [": "],
        "f_name": ["Name", "Antragsteller", "Vor- und Nachname"],
        "f_email": ["E-Mail"],
        "f_phone": ["Telefon", "Tel."],
        "f_dob": ["Geburtsdatum"],
        "f_address": ["Anschrift", "Adresse"],
        "f_iban": ["IBAN"],
        "f_id": ["Sozialversicherungsnummer"],
        "f_passport": ["Reisepassnummer"],
        "f_order": ["Bestellnummer", "Aktenzeichen"],
    },
    "fr": {
        "intro": [
            "Bonjour, je m'appelle {name} et j'ai une question sur mon compte.",
            "Je suis {name}.",
            "Moi, c'est {name}.",
            "JE VOUS ÉCRIS DE LA PART DE {NAME}.",
            "{name} a appelé hier au sujet du remboursement.",
            "Merci de transmettre ce message à {name}.",
        ],
        "signature": ["Cordialement,\n{name}", "Bien à vous,\n{NAME}", "Merci,\n{first}"],
        "contact": [
            "Vous pouvez me joindre à {email}.",
            "Appelez-moi au {phone} après 17 h.",
            "Mon numéro : {phone}, mon courriel : {email}.",
            "Envoyez les documents à {email}, s'il vous plaît.",
        ],
        "address": [
            "J'habite au {address}.",
            "Adresse de livraison : {address}",
            "Nous avons déménagé au {street}.",
        ],
        "finance": [
            "Mon IBAN est {iban}.",
            "Merci de faire le virement sur le compte {iban}.",
            "Ma carte bancaire : {card}",
            "Numéro de carte {card}, expiration 08/27.",
        ],
        "tech": [
            "La connexion suspecte venait de {ip}.",
            "Merci d'autoriser {ip6} sur le pare-feu.",
            "Le formulaire est sur {url}.",
        ],
        "dob": [
            "Je suis né le {dob}.",
            "Date de naissance : {dob}",
            "Elle est née le {dob} à Lyon.",
            "né(e) le {dob}",
        ],
        "natid": [
            "Mon numéro de sécurité sociale est le {natid}.",
            "N° de sécurité sociale : {natid}",
        ],
        "passport": ["Mon numéro de passeport est {passport}.", "N° de passeport : {passport}"],
        "org": ["Je travaille chez {company} à {city}.", "Le salon a lieu à {city} cette année."],
        "negative": [
            "La commande n° {order} a été expédiée le {date}.",
            "Nous sommes passés à la version {version} le {date}.",
            "Le ticket {uuid} est toujours ouvert.",
            "La facture {invoice} de {amount} est à régler avant le {date}.",
            "La réunion est prévue le {date} à {time}.",
            "Numéro de suivi : {tracking}",
        ],
        "form_sep": [" : "],
        "f_name": ["Nom", "Demandeur", "Nom et prénom"],
        "f_email": ["Courriel", "E-mail"],
        "f_phone": ["Téléphone", "Tél."],
        "f_dob": ["Date de naissance"],
        "f_address": ["Adresse"],
        "f_iban": ["IBAN"],
        "f_id": ["N° de sécurité sociale"],
        "f_passport": ["N° de passeport"],
        "f_order": ["Réf. commande", "Dossier"],
    },
    "es": {
        "intro": [
            "Hola, me llamo {name} y tengo una duda sobre mi cuenta.",
            "Soy {name}.",
            "Mi nombre es {name}.",
            "LE ESCRIBO EN NOMBRE DE {NAME}.",
            "{name} llamó ayer por el reembolso.",
            "Por favor, reenvía esto a {name}.",
        ],
        "signature": ["Saludos cordiales,\n{name}", "Un saludo,\n{NAME}", "Gracias,\n{first}"],
        "contact": [
            "Puedes escribirme a {email}.",
            "Llámame al {phone} por la tarde.",
            "Mi teléfono es {phone} y mi correo {email}.",
            "Envíe los documentos a {email}.",
        ],
        "address": [
            "Vivo en {address}.",
            "Dirección de envío: {address}",
            "Nos mudamos a {street} el mes pasado.",
        ],
        "finance": [
            "Mi IBAN es {iban}.",
            "Transfiera el importe a {iban}.",
            "Mi tarjeta de crédito es {card}.",
            "Número de tarjeta: {card}",
        ],
        "tech": [
            "El acceso sospechoso vino de {ip}.",
            "Por favor, autoriza {ip6} en el cortafuegos.",
            "El formulario está en {url}.",
        ],
        "dob": [
            "Nací el {dob}.",
            "Fecha de nacimiento: {dob}",
            "Ella nació el {dob} en Sevilla.",
        ],
        "natid": ["Mi DNI es {natid}.", "NIF: {natid}", "NIE: {nie}"],
        "passport": ["Mi número de pasaporte es {passport}.", "Pasaporte n.º {passport}"],
        "org": ["Trabajo en {company} en {city}.", "La feria es en {city} este año."],
        "negative": [
            "El pedido n.º {order} se envió el {date}.",
            "Actualizamos a la versión {version} el {date}.",
            "El ticket {uuid} sigue abierto.",
            "La factura {invoice} de {amount} vence el {date}.",
            "La reunión es el {date} a las {time}.",
            "Número de seguimiento: {tracking}",
        ],
        "form_sep": [": "],
        "f_name": ["Nombre", "Solicitante", "Nombre y apellidos"],
        "f_email": ["Correo electrónico", "E-mail"],
        "f_phone": ["Teléfono", "Tel."],
        "f_dob": ["Fecha de nacimiento"],
        "f_address": ["Dirección", "Domicilio"],
        "f_iban": ["IBAN"],
        "f_id": ["DNI", "NIF"],
        "f_passport": ["Pasaporte"],
        "f_order": ["N.º de pedido", "Expediente"],
    },
    "it": {
        "intro": [
            "Ciao, mi chiamo {name} e ho un problema con il mio account.",
            "Sono {name}.",
            "Il mio nome è {name}.",
            "SCRIVO PER CONTO DI {NAME}.",
            "{name} ha chiamato ieri per il rimborso.",
            "Per favore inoltra questo messaggio a {name}.",
        ],
        "signature": ["Cordiali saluti,\n{name}", "Distinti saluti,\n{NAME}", "Grazie,\n{first}"],
        "contact": [
            "Puoi scrivermi a {email}.",
            "Chiamami al {phone} dopo le 17.",
            "Il mio numero è {phone} e la mia email {email}.",
            "Inviate i documenti a {email}.",
        ],
        "address": [
            "Abito in {address}.",
            "Indirizzo di spedizione: {address}",
            "Ci siamo trasferiti in {street}.",
        ],
        "finance": [
            "Il mio IBAN è {iban}.",
            "Fate il bonifico su {iban}.",
            "La mia carta di credito è {card}.",
            "Numero carta: {card}",
        ],
        "tech": [
            "L'accesso sospetto proveniva da {ip}.",
            "Autorizza {ip6} sul firewall, per favore.",
            "Il modulo è su {url}.",
        ],
        "dob": [
            "Sono nato il {dob}.",
            "Data di nascita: {dob}",
            "È nata il {dob} a Bari.",
            "nato il {dob}",
        ],
        "natid": ["Il mio codice fiscale è {natid}.", "Codice fiscale: {natid}"],
        "passport": ["Il mio numero di passaporto è {passport}.", "Passaporto n. {passport}"],
        "org": ["Lavoro presso {company} a {city}.", "La fiera si tiene a {city} quest'anno."],
        "negative": [
            "L'ordine n. {order} è stato spedito il {date}.",
            "Abbiamo aggiornato alla versione {version} il {date}.",
            "Il ticket {uuid} è ancora aperto.",
            "La fattura {invoice} di {amount} scade il {date}.",
            "La riunione è il {date} alle {time}.",
            "Numero di tracciamento: {tracking}",
        ],
        "form_sep": [": "],
        "f_name": ["Nome", "Richiedente", "Nome e cognome"],
        "f_email": ["E-mail"],
        "f_phone": ["Telefono", "Tel."],
        "f_dob": ["Data di nascita"],
        "f_address": ["Indirizzo"],
        "f_iban": ["IBAN"],
        "f_id": ["Codice fiscale"],
        "f_passport": ["Passaporto"],
        "f_order": ["N. ordine", "Pratica"],
    },
    "nl": {
        "intro": [
            "Hoi, ik ben {name} en ik heb een vraag over mijn account.",
            "Mijn naam is {name}.",
            "Ik heet {name}.",
            "IK SCHRIJF NAMENS {NAME}.",
            "{name} belde gisteren over de terugbetaling.",
            "Stuur dit bericht door naar {name}.",
        ],
        "signature": [
            "Met vriendelijke groet,\n{name}",
            "Groeten,\n{NAME}",
            "Bedankt,\n{first}",
        ],
        "contact": [
            "Je kunt me mailen op {email}.",
            "Bel me op {phone} na vijf uur.",
            "Mijn nummer is {phone} en mijn e-mail {email}.",
            "Stuur de documenten naar {email}.",
        ],
        "address": [
            "Ik woon op {address}.",
            "Verzendadres: {address}",
            "We zijn verhuisd naar de {street}.",
        ],
        "finance": [
            "Mijn IBAN is {iban}.",
            "Maak het bedrag over naar {iban}.",
            "Mijn creditcardnummer is {card}.",
            "Kaartnummer: {card}",
        ],
        "tech": [
            "De verdachte login kwam van {ip}.",
            "Zet {ip6} op de whitelist van de firewall.",
            "Het formulier staat op {url}.",
        ],
        "dob": [
            "Ik ben geboren op {dob}.",
            "Geboortedatum: {dob}",
            "Zij is op {dob} geboren in Delft.",
        ],
        "natid": ["Mijn BSN is {natid}.", "Burgerservicenummer: {natid}"],
        "passport": ["Mijn paspoortnummer is {passport}.", "Paspoortnr.: {passport}"],
        "org": ["Ik werk bij {company} in {city}.", "De beurs is dit jaar in {city}."],
        "negative": [
            "Bestelling {order} is op {date} verzonden.",
            "We zijn op {date} overgestapt op versie {version}.",
            "Ticket {uuid} staat nog open.",
            "Factuur {invoice} van {amount} vervalt op {date}.",
            "De vergadering is op {date} om {time}.",
            "Trackingnummer: {tracking}",
        ],
        "form_sep": [": "],
        "f_name": ["Naam", "Aanvrager", "Volledige naam"],
        "f_email": ["E-mail"],
        "f_phone": ["Telefoon", "Tel."],
        "f_dob": ["Geboortedatum"],
        "f_address": ["Adres"],
        "f_iban": ["IBAN"],
        "f_id": ["BSN"],
        "f_passport": ["Paspoortnummer"],
        "f_order": ["Ordernummer", "Dossiernummer"],
    },
    "pl": {
        "intro": [
            "Dzień dobry, nazywam się {name} i mam pytanie o konto.",
            "Nazywam się {name}.",
            "Jestem {name}.",
            "PISZĘ W IMIENIU: {NAME}.",
            "{name} dzwonił wczoraj w sprawie zwrotu.",
            "Proszę przekazać tę wiadomość: {name}.",
        ],
        "signature": ["Z poważaniem,\n{name}", "Pozdrawiam,\n{NAME}", "Dzięki,\n{first}"],
        "contact": [
            "Możesz napisać na {email}.",
            "Zadzwoń pod numer {phone} po 17.",
            "Mój numer to {phone}, a e-mail {email}.",
            "Proszę wysłać dokumenty na {email}.",
        ],
        "address": [
            "Mieszkam przy {address}.",
            "Adres do wysyłki: {address}",
            "Przeprowadziliśmy się na {street}.",
        ],
        "finance": [
            "Mój numer IBAN to {iban}.",
            "Proszę o przelew na {iban}.",
            "Numer mojej karty to {card}.",
            "Karta: {card}",
        ],
        "tech": [
            "Podejrzane logowanie nastąpiło z {ip}.",
            "Dodaj {ip6} do listy dozwolonych.",
            "Formularz jest pod adresem {url}.",
        ],
        "dob": [
            "Urodziłem się {dob}.",
            "Data urodzenia: {dob}",
            "Urodziła się {dob} w Gdańsku.",
            "ur. {dob}",
        ],
        "natid": ["Mój PESEL to {natid}.", "PESEL: {natid}"],
        "passport": ["Mój numer paszportu to {passport}.", "Nr paszportu: {passport}"],
        "org": ["Pracuję w firmie {company} w {city}.", "Targi odbywają się w {city}."],
        "negative": [
            "Zamówienie nr {order} zostało wysłane {date}.",
            "Zaktualizowaliśmy do wersji {version} dnia {date}.",
            "Zgłoszenie {uuid} jest nadal otwarte.",
            "Faktura {invoice} na kwotę {amount} jest płatna do {date}.",
            "Spotkanie jest {date} o {time}.",
            "Numer przesyłki: {tracking}",
        ],
        "form_sep": [": "],
        "f_name": ["Imię i nazwisko", "Wnioskodawca"],
        "f_email": ["E-mail"],
        "f_phone": ["Telefon", "Tel."],
        "f_dob": ["Data urodzenia"],
        "f_address": ["Adres"],
        "f_iban": ["IBAN"],
        "f_id": ["PESEL"],
        "f_passport": ["Nr paszportu"],
        "f_order": ["Nr zamówienia", "Sygnatura"],
    },
}

# Segment kinds and their weights when a document is assembled.
KINDS = (
    ("intro", 3.0),
    ("contact", 2.5),
    ("address", 2.0),
    ("form", 2.0),
    ("finance", 2.0),
    ("tech", 1.5),
    ("dob", 1.5),
    ("natid", 1.5),
    ("passport", 1.0),
    ("org", 1.0),
)

SLOT = re.compile(r"\{(\w+)\}")


class Locale:
    """Value factories for one locale (Faker plus our own formatting)."""

    def __init__(self, loc: str, seed: int, rng: random.Random) -> None:
        import phonenumbers
        from faker import Faker

        self.loc, self.lang, self.region, self.rng = loc, loc[:2], REGION[loc], rng
        self.fk = Faker(loc)
        self.fk.seed_instance(seed)
        self.pn = phonenumbers

    # -- gold values ---------------------------------------------------------------------------
    def name(self) -> str:
        last = self.fk.last_name()
        if self.loc == "es_ES" and self.rng.random() < 0.5:
            last = f"{last} {self.fk.last_name()}"
        return f"{self.fk.first_name()} {last}"

    def phone(self) -> str:
        pn = self.pn
        for _ in range(60):
            raw = self.fk.phone_number()
            if "x" in raw.lower():
                continue
            try:
                num = pn.parse(raw, self.region)
            except pn.NumberParseException:
                continue
            if not pn.is_valid_number(num):
                continue
            style = self.rng.random()
            if style < 0.4:
                return raw
            if style < 0.65:
                return pn.format_number(num, pn.PhoneNumberFormat.NATIONAL)
            if style < 0.9:
                return pn.format_number(num, pn.PhoneNumberFormat.INTERNATIONAL)
            return pn.format_number(num, pn.PhoneNumberFormat.E164)
        num = pn.example_number_for_type(self.region, pn.PhoneNumberType.MOBILE)
        return pn.format_number(num, pn.PhoneNumberFormat.INTERNATIONAL)

    def iban(self) -> str:
        value = self.fk.iban()
        if self.rng.random() < 0.5:
            return " ".join(value[i : i + 4] for i in range(0, len(value), 4))
        return value

    def card(self) -> str:
        value = self.fk.credit_card_number()
        r = self.rng.random()
        if len(value) == 16 and r < 0.45:
            sep = " " if r < 0.3 else "-"
            return sep.join(value[i : i + 4] for i in range(0, 16, 4))
        if len(value) == 15 and r < 0.3:
            return f"{value[:4]} {value[4:10]} {value[10:]}"
        return value

    def address(self) -> str:
        value = self.fk.address()
        if self.rng.random() < 0.6:
            value = ", ".join(p.strip() for p in value.splitlines() if p.strip())
        return value

    def date_text(self, d: date) -> str:
        months = MONTHS[self.lang].split()
        month = months[d.month - 1]
        r = self.rng.random()
        if r < 0.15:
            return d.isoformat()
        formats = {
            "en_US": (f"{d:%m/%d/%Y}", f"{month} {d.day}, {d.year}"),
            "en_GB": (f"{d:%d/%m/%Y}", f"{d.day} {month} {d.year}"),
            "de": (f"{d:%d.%m.%Y}", f"{d.day}. {month} {d.year}"),
            "fr": (f"{d:%d/%m/%Y}", f"{d.day} {month} {d.year}"),
            "es": (f"{d:%d/%m/%Y}", f"{d.day} de {month} de {d.year}"),
            "it": (f"{d:%d/%m/%Y}", f"{d.day} {month} {d.year}"),
            "nl": (f"{d:%d-%m-%Y}", f"{d.day} {month} {d.year}"),
            "pl": (f"{d:%d.%m.%Y}", f"{d.day} {month} {d.year}"),
        }
        pair = formats.get(self.loc) or formats[self.lang]
        return pair[0] if r < 0.65 else pair[1]

    def birth_date(self) -> date:
        # Our own range, not Faker's date_of_birth(): that one depends on today's date.
        return BIRTH_FROM + timedelta(days=self.rng.randint(0, BIRTH_SPAN_DAYS))

    def dob(self) -> str:
        return self.date_text(self.birth_date())

    def natid(self) -> str:
        if self.loc == "de_DE":
            return str(self.fk.rvnr(birthdate=self.birth_date()))
        if self.loc == "fr_FR":
            v = str(self.fk.ssn())
            if self.rng.random() < 0.35:  # the printed form: 1 72 02 32 013 121 26
                return " ".join((v[0], v[1:3], v[3:5], v[5:7], v[7:10], v[10:13], v[13:]))
            return v
        if self.loc == "es_ES":
            return str(self.fk.nif())
        if self.loc == "pl_PL":
            born = self.birth_date()
            return str(self.fk.pesel(date_of_birth=datetime(born.year, born.month, born.day)))
        return str(self.fk.ssn())  # it_IT codice fiscale, nl_NL BSN

    def has_natid(self) -> bool:
        return self.loc in ("de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL", "pl_PL")

    # -- hard negatives ------------------------------------------------------------------------
    def negative(self, slot: str) -> str:
        rng = self.rng
        if slot == "order":
            return rng.choice(
                (
                    str(rng.randint(10**7, 10**10)),
                    f"{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}-{rng.randint(10, 99)}",
                    f"A{rng.randint(10**6, 10**7 - 1)}",
                )
            )
        if slot == "invoice":
            if rng.random() < 0.5:
                return f"INV-{rng.randint(2021, 2026)}-{rng.randint(10000, 99999)}"
            return f"RE{rng.randint(10**7, 10**8 - 1)}"
        if slot == "version":
            if rng.random() < 0.5:  # four dotted numbers, like an IPv4 address
                return f"10.0.{rng.randint(17000, 26000)}.{rng.randint(100, 4000)}"
            return f"{rng.randint(1, 20)}.{rng.randint(0, 20)}.{rng.randint(0, 60)}"
        if slot == "uuid":
            return str(uuid.UUID(int=rng.getrandbits(128), version=4))
        if slot == "sha":
            return "".join(rng.choice("0123456789abcdef") for _ in range(rng.choice((7, 40))))
        if slot == "tracking":
            if rng.random() < 0.5:
                tail = "".join(rng.choice("0123456789ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(16))
                return "1Z" + tail
            return "JJD" + "".join(rng.choice("0123456789") for _ in range(18))
        if slot == "amount":
            euros = rng.randint(10, 99999) / 100 * rng.choice((1, 10, 100))
            if self.lang == "en":
                cur = "$" if self.loc == "en_US" else "£"
                return f"{cur}{euros:,.2f}"
            txt = f"{euros:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
            if self.lang == "pl":
                return txt.replace(".", " ") + " zł"
            return txt + " €"
        if slot == "time":
            return f"{rng.randint(7, 19):02d}:{rng.choice((0, 15, 30, 45)):02d}"
        if slot == "date":
            d = date(2023, 1, 1) + timedelta(days=rng.randint(0, 4 * 365))
            return self.date_text(d)
        raise KeyError(slot)


class Doc:
    """Text under construction with exact gold spans."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.spans: list[dict[str, object]] = []

    def text(self, s: str) -> None:
        self.parts.append(s)
        self.length += len(s)

    def entity(self, s: str, typ: str) -> None:
        self.spans.append({"start": self.length, "end": self.length + len(s), "type": typ})
        self.text(s)

    def render(self) -> str:
        return "".join(self.parts)


def fill(doc: Doc, template: str, lc: Locale, person: str | None = None) -> None:
    """Append ``template`` to ``doc``, recording a span for every gold or excluded slot."""
    pos = 0
    name = person or lc.name()
    for m in SLOT.finditer(template):
        doc.text(template[pos : m.start()])
        pos = m.end()
        slot = m.group(1)
        gold: dict[str, tuple[Callable[[], str], str]] = {
            "name": (lambda: name, "PERSON"),
            "NAME": (lambda: name.upper(), "PERSON"),
            "first": (lambda: name.split()[0], "PERSON"),
            "email": (lc.fk.email, "EMAIL_ADDRESS"),
            "phone": (lc.phone, "PHONE_NUMBER"),
            "address": (lc.address, "STREET_ADDRESS"),
            "street": (lc.fk.street_address, "STREET_ADDRESS"),
            "iban": (lc.iban, "IBAN_CODE"),
            "card": (lc.card, "CREDIT_CARD"),
            "ip": (lc.fk.ipv4_public, "IP_ADDRESS"),
            "ip6": (lc.fk.ipv6, "IP_ADDRESS"),
            "url": (lambda: lc.fk.uri() if lc.rng.random() < 0.5 else lc.fk.url(), "URL"),
            "dob": (lc.dob, "DATE_OF_BIRTH"),
            "ssn": (lc.fk.ssn, "US_SSN"),
            "natid": (lc.natid, "NATIONAL_ID"),
            "nie": (lambda: str(lc.fk.nie()), "NATIONAL_ID"),
            "passport": (lambda: str(lc.fk.passport_number()), "PASSPORT"),
            "city": (lc.fk.city, "LOCATION"),
            "company": (lc.fk.company, "ORGANIZATION"),
        }
        if slot in gold:
            make, typ = gold[slot]
            doc.entity(str(make()), typ)
        else:
            doc.text(lc.negative(slot))
    doc.text(template[pos:])


def form(doc: Doc, lc: Locale, pack: dict[str, list[str]]) -> None:
    """A labelled form: name first, then 2-4 more fields, one per line."""
    rng = lc.rng
    sep = rng.choice(pack["form_sep"])
    fields = ["email", "phone", "dob", "address", "iban", "passport", "order"]
    if lc.has_natid():
        fields.append("id")
    if lc.loc == "en_US":
        fields.append("ssn")
    chosen = rng.sample(fields, rng.randint(2, 4))
    slot_of = {"id": "{natid}", "dob": "{dob}", "ssn": "{ssn}", "order": "{order}"}
    lines = [rng.choice(pack["f_name"]) + sep + ("{NAME}" if rng.random() < 0.25 else "{name}")]
    for f in chosen:
        lines.append(rng.choice(pack[f"f_{f}"]) + sep + slot_of.get(f, "{" + f + "}"))
    fill(doc, "\n".join(lines), lc)


def make_doc(idx: int, lc: Locale, rng: random.Random) -> dict[str, object]:
    pack = PACKS[lc.lang]
    doc = Doc()
    kinds = [k for k, _ in KINDS]
    weights = [w for _, w in KINDS]
    segments: list[str] = []
    if rng.random() < 0.07:  # hard negatives only
        n_neg, picks = rng.randint(1, 3), []
    else:
        picks = []
        while len(picks) < rng.choice((1, 2, 2, 3)):
            k = rng.choices(kinds, weights)[0]
            if k == "natid" and not lc.has_natid() and lc.loc != "en_US":
                k = "passport"
            if k not in picks:
                picks.append(k)
        n_neg = rng.choice((0, 0, 1, 1, 2))
    segments = picks + ["negative"] * n_neg
    rng.shuffle(segments)
    joiner = rng.choice((" ", " ", "\n"))
    for i, kind in enumerate(segments):
        if i:
            doc.text(joiner)
        if kind == "form":
            form(doc, lc, pack)
            continue
        pool = pack["ssn"] if kind == "natid" and lc.loc == "en_US" else pack[kind]
        fill(doc, rng.choice(pool), lc)
    if picks and rng.random() < 0.2:
        doc.text("\n\n")
        fill(doc, rng.choice(pack["signature"]), lc)
    return {
        "id": f"ml-{idx:05d}",
        "text": doc.render(),
        "spans": doc.spans,
        "lang": lc.lang,
        "locale": lc.loc,
        "source": f"saferail benchmarks/_pii_synth.py v{GENERATOR_VERSION} (Faker)",
    }


def generate(n: int, seed: int) -> list[dict[str, object]]:
    rng = random.Random(seed)
    locales = [Locale(loc, seed + i, rng) for i, loc in enumerate(LOCALES)]
    return [make_doc(i, locales[i % len(locales)], rng) for i in range(n)]


def main() -> int:
    if os.environ.get("PYTHONHASHSEED") != "0":
        # Some Faker locales build their word lists from sets (it_IT cities), so the output
        # depends on string hashing: run again with a fixed hash seed.
        env = {**os.environ, "PYTHONHASHSEED": "0"}
        return subprocess.call([sys.executable, *sys.argv], env=env)
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--n", type=int, default=1200)
    ap.add_argument("--seed", type=int, default=20240611)
    args = ap.parse_args()
    rows = generate(args.n, args.seed)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    tmp.replace(args.out)
    from importlib.metadata import version

    meta = {
        "n": args.n,
        "seed": args.seed,
        "generator_version": GENERATOR_VERSION,
        "faker_version": version("faker"),
        "locales": list(LOCALES),
    }
    args.out.with_suffix(".meta.json").write_text(json.dumps(meta, indent=2) + "\n")
    print(json.dumps(meta), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
