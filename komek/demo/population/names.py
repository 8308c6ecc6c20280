"""Name tables of the synthetic population: Kazakh and Russian given names, surnames, streets.

Surnames are stored in the male form; ``female_surname`` derives the female one (-ов → -ова,
-ев → -ева, -ин → -ина, -ский → -ская; others such as Ким or Шевченко do not change).
Patronymics are derived from the father's name, in the Russian form (-ович/-овна, -евич/-евна)
or, in some Kazakh families, the Kazakh one (-ұлы/-қызы). ``assign_names`` gives a whole
population its names at once: indexes into these tables drawn with numpy, gathered by Polars.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from komek.registry import choices

# fmt: off
KAZAKH_MALE: list[str] = [
    "Абай", "Абылай", "Адиль", "Айбек", "Айдар", "Айдос", "Айтбай", "Акылбек", "Алмас", "Алибек", "Алихан",
    "Алтынбек", "Аманжол", "Арман", "Арсен", "Аскар", "Асхат", "Багдат", "Бакыт", "Балтабай", "Бауыржан",
    "Бейбит", "Болат", "Данияр", "Дархан", "Даулет", "Дастан", "Димаш", "Ержан", "Еркебулан", "Ерлан",
    "Ермек", "Ернар", "Ерболат", "Жандос", "Жанибек", "Жасулан", "Жаксылык", "Жомарт", "Кайрат", "Канат",
    "Карим", "Куаныш", "Кусаин", "Мади", "Максат", "Марат", "Мейрам", "Мурат", "Мухтар", "Нурбол", "Нуржан",
    "Нурлан", "Нурсултан", "Олжас", "Омар", "Рауан", "Руслан", "Рустем", "Сабит", "Саят", "Серик",
    "Серикбол", "Султан", "Талгат", "Тимур", "Толеген", "Улан", "Усен", "Шынгыс", "Ельдар", "Азамат",
    "Ахмет", "Бекзат", "Темирлан"
]
KAZAKH_FEMALE: list[str] = [
    "Аида", "Айгерим", "Айгуль", "Айдана", "Айжан", "Айнур", "Айсулу", "Акбота", "Акмарал", "Алия",
    "Альфия", "Асель", "Асем", "Ассель", "Ару", "Аружан", "Балжан", "Ботагоз", "Гаухар", "Гулнар",
    "Гульмира", "Гульнара", "Гульжан", "Дана", "Дамира", "Динара", "Жадыра", "Жазира", "Жанар", "Жанна",
    "Жансая", "Зарина", "Зауре", "Зере", "Индира", "Камила", "Карлыгаш", "Лаура", "Мадина", "Макпал",
    "Меруерт", "Молдир", "Назерке", "Назира", "Нургуль", "Раушан", "Роза", "Салтанат", "Сания", "Сауле",
    "Сымбат", "Томирис", "Улжан", "Умит", "Фариза", "Шолпан", "Айым", "Дильназ", "Инкар", "Аяулым",
    "Жулдыз", "Камшат"
]
RUSSIAN_MALE: list[str] = [
    "Александр", "Алексей", "Анатолий", "Андрей", "Антон", "Артём", "Борис", "Вадим", "Валентин", "Валерий",
    "Василий", "Виктор", "Виталий", "Владимир", "Владислав", "Вячеслав", "Геннадий", "Георгий", "Григорий",
    "Денис", "Дмитрий", "Евгений", "Егор", "Иван", "Игорь", "Кирилл", "Константин", "Леонид", "Максим",
    "Михаил", "Николай", "Олег", "Павел", "Пётр", "Роман", "Сергей", "Станислав", "Степан", "Юрий",
    "Ярослав", "Фёдор", "Эдуард"
]
RUSSIAN_FEMALE: list[str] = [
    "Алёна", "Алина", "Алла", "Анастасия", "Анна", "Валентина", "Валерия", "Вера", "Виктория", "Галина",
    "Дарья", "Екатерина", "Елена", "Елизавета", "Жанна", "Зинаида", "Ирина", "Кристина", "Ксения", "Лариса",
    "Людмила", "Любовь", "Маргарита", "Марина", "Мария", "Надежда", "Наталья", "Нина", "Оксана", "Ольга",
    "Полина", "Светлана", "София", "Тамара", "Татьяна", "Ульяна", "Юлия", "Яна", "Нелли", "Раиса"
]
KAZAKH_SURNAMES: list[str] = [
    "Абдрахманов", "Абенов", "Абилов", "Айтбаев", "Айтжанов", "Акимов", "Алдабергенов", "Алиев", "Амантаев",
    "Ахметов", "Әбдіқадыров", "Байжанов", "Байтурсынов", "Бейсенов", "Бекмагамбетов", "Бекмуханов",
    "Бектуров", "Букейханов", "Дауленов", "Джаксыбеков", "Джумабаев", "Дюсенов", "Ермеков", "Есенов",
    "Есимов", "Жакупов", "Жаксылыков", "Жумабеков", "Жунусов", "Ибраев", "Исабеков", "Исмаилов", "Кабдолов",
    "Кадыров", "Калиев", "Камалов", "Каримов", "Касымов", "Кенжебаев", "Кожахметов", "Кудайбергенов",
    "Кунаев", "Кусаинов", "Макашев", "Мамыров", "Мусин", "Мухамеджанов", "Нурмагамбетов", "Нургалиев",
    "Нурпеисов", "Омаров", "Оразов", "Оспанов", "Рахимов", "Рыскулов", "Сагинтаев", "Садыков", "Сапаров",
    "Сарсенов", "Сатпаев", "Сейтказин", "Серикбаев", "Смагулов", "Солтанбеков", "Султанов", "Сыздыков",
    "Тажибаев", "Токаев", "Толегенов", "Тулеуов", "Турсынов", "Утемисов", "Шаймерденов", "Шалабаев",
    "Шарипов", "Ыбыраев", "Жумабай", "Сейтжан", "Ахметжан", "Нуртазин", "Есенгелдин", "Утешев"
]
RUSSIAN_SURNAMES: list[str] = [
    "Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов", "Новиков",
    "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров", "Павлов", "Козлов",
    "Степанов", "Николаев", "Орлов", "Андреев", "Макаров", "Никитин", "Захаров", "Зайцев", "Соловьёв",
    "Борисов", "Яковлев", "Григорьев", "Романов", "Воробьёв", "Сергеев", "Кузьмин", "Фролов", "Александров",
    "Дмитриев", "Королёв", "Гусев", "Киселёв", "Ильин", "Максимов", "Поляков", "Сорокин", "Виноградов",
    "Ковалёв", "Белов", "Медведев", "Антонов", "Тарасов", "Жуков", "Баранов", "Филиппов", "Комаров",
    "Давыдов", "Беляев", "Герасимов", "Богданов", "Осипов", "Сидоров", "Матвеев", "Титов", "Марков",
    "Миронов", "Крылов", "Куликов", "Карпов", "Власов", "Мельников", "Денисов", "Гаврилов", "Тихонов",
    "Казаков", "Афанасьев", "Данилов", "Савельев", "Тимофеев", "Фомин", "Чернов", "Абрамов", "Мартынов",
    "Ефимов", "Федотов", "Щербаков", "Назаров", "Калинин", "Исаев", "Чернышёв", "Быков", "Маслов",
    "Родионов", "Коновалов", "Лазарев", "Воронин", "Климов", "Филатов", "Пономарёв", "Голубев", "Кудрявцев",
    "Прохоров", "Наумов", "Потапов", "Журавлёв", "Овчинников", "Трофимов", "Леонов", "Соболев", "Ермаков",
    "Колесников", "Гончаров", "Емельянов", "Никифоров", "Грачёв", "Котов", "Гришин", "Ефремов", "Архипов",
    "Громов", "Кириллов", "Малышев", "Панов", "Моисеев", "Румянцев", "Акимов", "Кондратьев", "Бирюков",
    "Горбунов", "Анисимов", "Ерёмин", "Тихомиров", "Галкин", "Лукьянов", "Михеев", "Скворцов", "Юдин",
    "Белоусов", "Нестеров", "Ким", "Пак", "Шевченко", "Бондаренко", "Коваленко", "Ткаченко", "Кравченко",
    "Шмидт", "Вебер", "Миллер", "Шульц", "Высоцкий", "Ковальский", "Покровский", "Жуковский"
]
STREETS: list[str] = [
    "Абая", "Ленина", "Сатпаева", "Бокейханова", "Караменде би", "Гагарина", "Мира", "Пушкина",
    "Казыбек би", "Желтоксан", "Тәуелсіздік", "Республики", "Алиханова", "Ауэзова", "Сейфуллина",
    "Строителей", "Молодёжная", "Ботанический переулок", "Степная", "Школьная", "Центральная", "Садовая",
    "Абылай хана", "Бухар жырау", "Толе би", "Кунаева", "Момышулы", "Сәкен Сейфуллин", "Шокана Уалиханова",
    "Металлургов",
]
# fmt: on


def female_surname(surname: str) -> str:
    for male, female in (("ский", "ская"), ("цкий", "цкая"), ("ов", "ова"), ("ёв", "ёва"), ("ев", "ева")):
        if surname.endswith(male):
            return surname[: -len(male)] + female
    if surname.endswith(("ин", "ын")):
        return surname + "а"
    return surname


def patronymics(father: str) -> tuple[str, str, str, str]:
    """Russian-form male and female patronymics, then the Kazakh forms (-ұлы, -қызы)."""
    if father.endswith("ий"):
        stem, male, female = father[:-2], "ьевич", "ьевна"
    elif father.endswith(("ей", "ай", "ь")):
        stem, male, female = father[:-1], "евич", "евна"
    elif father.endswith(("а", "я")):
        stem, male, female = father[:-1], "ич", "ична"
    elif father.endswith(("ы", "и", "у", "е", "о", "ж", "ш", "ч", "щ", "ц")):
        stem, male, female = father, "евич", "евна"
    else:
        stem, male, female = father, "ович", "овна"
    return stem + male, stem + female, father + "ұлы", father + "қызы"


def _pick(table: list[str], index: np.ndarray) -> pl.Series:
    return pl.Series(table, dtype=pl.String).gather(index)


def assign_names(people: pl.DataFrame, homes: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
    """Surnames per household (female forms for women), given names and patronymics."""
    n = people.height
    kazakh = homes["kazakh"].to_numpy()
    ksur, rsur = KAZAKH_SURNAMES, RUSSIAN_SURNAMES
    surnames = ksur + rsur
    base = np.where(
        kazakh, rng.integers(0, len(ksur), homes.height), len(ksur) + rng.integers(0, len(rsur), homes.height)
    )
    home = people["household"].to_numpy()
    male = people["male"].to_numpy()
    is_kazakh = kazakh[home]
    own = np.where(is_kazakh, rng.integers(0, len(ksur), n), len(ksur) + rng.integers(0, len(rsur), n))
    # A wife keeps her own surname in one family out of five; a head's parent shares the surname.
    keeps_own = (people["relation"].to_numpy() == choices.Relation.SPOUSE) & (rng.random(n) < 0.2)
    surname_index = np.where(keeps_own, own, base[home])
    female_forms = [female_surname(s) for s in surnames]
    surname = pl.Series(np.where(male, _pick(surnames, surname_index), _pick(female_forms, surname_index)))
    given_tables = [KAZAKH_MALE, KAZAKH_FEMALE, RUSSIAN_MALE, RUSSIAN_FEMALE]
    offsets = np.cumsum([0] + [len(t) for t in given_tables])
    table = (~is_kazakh) * 2 + (~male)
    given_index = offsets[table] + (rng.random(n) * np.array([len(t) for t in given_tables])[table]).astype(
        int
    )
    given = _pick([name for t in given_tables for name in t], given_index)
    # Children take the father's name (the male head, or the spouse when the head is a woman).
    males = np.where(is_kazakh, 0, offsets[2])
    male_count = np.where(is_kazakh, len(KAZAKH_MALE), len(RUSSIAN_MALE))
    random_father = males + (rng.random(n) * male_count).astype(int)
    frame = pl.DataFrame(
        {"household": home, "given_index": given_index, "male": male, "relation": people["relation"]}
    )
    heads_father = frame.filter(
        pl.col("relation").is_in([choices.Relation.HEAD, choices.Relation.SPOUSE]) & pl.col("male")
    )
    fathers = heads_father.group_by("household").agg(pl.col("given_index").first().alias("father"))
    father = (
        frame.join(fathers, on="household", how="left", maintain_order="left")["father"]
        .fill_null(-1)
        .to_numpy()
    )
    father = np.where(people["child"].to_numpy() & (father >= 0), father, random_father)
    all_given = [name for t in given_tables for name in t]
    forms = [patronymics(name) for name in all_given]
    kz_style = homes["kazakh_patronymic"].to_numpy()[home]
    form = np.where(kz_style, 2, 0) + (~male)
    flat = [f for four in forms for f in four]
    patronymic = _pick(flat, father * 4 + form)
    return pl.DataFrame({"surname": surname, "name": given, "patronymic": patronymic})
