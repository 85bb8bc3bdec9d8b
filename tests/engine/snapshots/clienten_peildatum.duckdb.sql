-- duiding_memtable_N: perioden en gebiedsraster, in het geheugen aangemaakt
WITH "t8" AS (
  SELECT
    "t7"."load_id",
    "t7"."traject_id",
    "t7"."client_id",
    "t7"."buurt_code",
    "t7"."start",
    "t7"."einde",
    "t7"."vorm",
    "t7"."aanbieder",
    "t7"."leeftijd",
    "t7"."_buurt",
    "t3"."period_start",
    "t3"."period_end"
  FROM (
    SELECT
      "t1"."load_id",
      "t1"."traject_id",
      "t1"."client_id",
      "t1"."buurt_code",
      "t1"."start",
      "t1"."einde",
      "t1"."vorm",
      "t1"."aanbieder",
      "t1"."leeftijd",
      "t1"."buurt_code" AS "_buurt"
    FROM "src_jeugdhulp_trajecten" AS "t1"
  ) AS "t7"
  INNER JOIN "duiding_memtable_1" AS "t3"
    ON "t7"."start" <= "t3"."period_end"
    AND (
      (
        "t7"."einde" IS NULL
      ) OR (
        "t7"."einde" >= "t3"."period_end"
      )
    )
)
SELECT
  "t19"."period_start",
  "t19"."period_end",
  "t19"."area_level",
  "t19"."area_code",
  "t19"."area_name",
  "t19"."breakdown",
  "t19"."breakdown_value",
  "t19"."amount" AS "numerator",
  CAST(NULL AS DOUBLE) AS "denominator",
  "t19"."amount" AS "value",
  CAST(NULL AS DOUBLE) AS "spread",
  CAST(NULL AS TEXT) AS "origin"
FROM (
  SELECT
    "t6"."period_start",
    "t6"."period_end",
    "t6"."area_level",
    "t6"."area_code",
    "t6"."area_name",
    "t6"."breakdown",
    "t6"."breakdown_value",
    COALESCE("t18"."amount", 0.0) AS "amount"
  FROM (
    SELECT
      "t0"."period_start",
      "t0"."period_end",
      "t0"."area_level",
      "t0"."area_code",
      "t0"."area_name",
      'totaal' AS "breakdown",
      'totaal' AS "breakdown_value"
    FROM "duiding_memtable_2" AS "t0"
  ) AS "t6"
  LEFT OUTER JOIN (
    SELECT
      *
    FROM (
      SELECT
        "t11"."period_start",
        "t11"."period_end",
        "t11"."area_level",
        "t11"."area_code",
        "t11"."breakdown",
        "t11"."breakdown_value",
        CAST(COUNT(DISTINCT "t11"."client_id") AS DOUBLE) AS "amount"
      FROM (
        SELECT
          "t9"."load_id",
          "t9"."traject_id",
          "t9"."client_id",
          "t9"."buurt_code",
          "t9"."start",
          "t9"."einde",
          "t9"."vorm",
          "t9"."aanbieder",
          "t9"."leeftijd",
          "t9"."_buurt",
          "t9"."period_start",
          "t9"."period_end",
          'buurt' AS "area_level",
          "t9"."_buurt" AS "area_code",
          'totaal' AS "breakdown",
          'totaal' AS "breakdown_value"
        FROM "t8" AS "t9"
        WHERE
          "t9"."_buurt" IS NOT NULL
      ) AS "t11"
      GROUP BY
        1,
        2,
        3,
        4,
        5,
        6
    ) AS "t14"
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        *
      FROM (
        SELECT
          "t10"."period_start",
          "t10"."period_end",
          "t10"."area_level",
          "t10"."area_code",
          "t10"."breakdown",
          "t10"."breakdown_value",
          CAST(COUNT(DISTINCT "t10"."client_id") AS DOUBLE) AS "amount"
        FROM (
          SELECT
            "t9"."load_id",
            "t9"."traject_id",
            "t9"."client_id",
            "t9"."buurt_code",
            "t9"."start",
            "t9"."einde",
            "t9"."vorm",
            "t9"."aanbieder",
            "t9"."leeftijd",
            "t9"."_buurt",
            "t9"."period_start",
            "t9"."period_end",
            'gemeente' AS "area_level",
            'GM0344' AS "area_code",
            'totaal' AS "breakdown",
            'totaal' AS "breakdown_value"
          FROM "t8" AS "t9"
          WHERE
            'GM0344' IS NOT NULL
        ) AS "t10"
        GROUP BY
          1,
          2,
          3,
          4,
          5,
          6
      ) AS "t13"
      UNION ALL
      SELECT
        *
      FROM (
        SELECT
          "t12"."period_start",
          "t12"."period_end",
          "t12"."area_level",
          "t12"."area_code",
          "t12"."breakdown",
          "t12"."breakdown_value",
          CAST(COUNT(DISTINCT "t12"."client_id") AS DOUBLE) AS "amount"
        FROM (
          SELECT
            "t9"."load_id",
            "t9"."traject_id",
            "t9"."client_id",
            "t9"."buurt_code",
            "t9"."start",
            "t9"."einde",
            "t9"."vorm",
            "t9"."aanbieder",
            "t9"."leeftijd",
            "t9"."_buurt",
            "t9"."period_start",
            "t9"."period_end",
            'wijk' AS "area_level",
            CASE
              WHEN "t9"."_buurt" IS NULL
              THEN CAST(NULL AS TEXT)
              ELSE 'WK' || SUBSTRING(
                "t9"."_buurt",
                CASE WHEN (
                  2 + 1
                ) >= 1 THEN 2 + 1 ELSE 2 + 1 + LENGTH("t9"."_buurt") END,
                6
              )
            END AS "area_code",
            'totaal' AS "breakdown",
            'totaal' AS "breakdown_value"
          FROM "t8" AS "t9"
          WHERE
            CASE
              WHEN "t9"."_buurt" IS NULL
              THEN CAST(NULL AS TEXT)
              ELSE 'WK' || SUBSTRING(
                "t9"."_buurt",
                CASE WHEN (
                  2 + 1
                ) >= 1 THEN 2 + 1 ELSE 2 + 1 + LENGTH("t9"."_buurt") END,
                6
              )
            END IS NOT NULL
        ) AS "t12"
        GROUP BY
          1,
          2,
          3,
          4,
          5,
          6
      ) AS "t15"
    ) AS "t16"
  ) AS "t18"
    ON "t6"."period_start" = "t18"."period_start"
    AND "t6"."area_level" = "t18"."area_level"
    AND "t6"."area_code" = "t18"."area_code"
    AND "t6"."breakdown" = "t18"."breakdown"
    AND "t6"."breakdown_value" = "t18"."breakdown_value"
) AS "t19"
