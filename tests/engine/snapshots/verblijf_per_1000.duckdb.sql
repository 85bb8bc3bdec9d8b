-- duiding_memtable_N: perioden en gebiedsraster, in het geheugen aangemaakt
WITH "t11" AS (
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
    "t4"."period_start",
    "t4"."period_end"
  FROM (
    SELECT
      "t2"."load_id",
      "t2"."traject_id",
      "t2"."client_id",
      "t2"."buurt_code",
      "t2"."start",
      "t2"."einde",
      "t2"."vorm",
      "t2"."aanbieder",
      "t2"."leeftijd",
      "t2"."buurt_code" AS "_buurt"
    FROM "src_jeugdhulp_trajecten" AS "t2"
    WHERE
      "t2"."vorm" IN ('verblijf', 'pleegzorg')
  ) AS "t9"
  INNER JOIN "duiding_memtable_1" AS "t4"
    ON "t9"."start" <= "t4"."period_end"
    AND (
      (
        "t9"."einde" IS NULL
      ) OR (
        "t9"."einde" >= "t4"."period_start"
      )
    )
)
SELECT
  "t24"."period_start",
  "t24"."period_end",
  "t24"."area_level",
  "t24"."area_code",
  "t24"."area_name",
  "t24"."breakdown",
  "t24"."breakdown_value",
  "t24"."numerator",
  "t24"."denominator",
  "t24"."value",
  "t24"."spread",
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
    COALESCE("t23"."amount", 0.0) AS "numerator",
    "t14"."amount" AS "denominator",
    CASE
      WHEN (
        "t14"."amount" IS NOT NULL
      ) AND (
        "t14"."amount" > 0
      )
      THEN (
        COALESCE("t23"."amount", 0.0) / "t14"."amount"
      ) * 1000
      ELSE CAST(NULL AS DOUBLE)
    END AS "value",
    CAST(NULL AS DOUBLE) AS "spread"
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
        "t16"."period_start",
        "t16"."period_end",
        "t16"."area_level",
        "t16"."area_code",
        "t16"."breakdown",
        "t16"."breakdown_value",
        CAST(COUNT(DISTINCT "t16"."client_id") AS DOUBLE) AS "amount"
      FROM (
        SELECT
          "t13"."load_id",
          "t13"."traject_id",
          "t13"."client_id",
          "t13"."buurt_code",
          "t13"."start",
          "t13"."einde",
          "t13"."vorm",
          "t13"."aanbieder",
          "t13"."leeftijd",
          "t13"."_buurt",
          "t13"."period_start",
          "t13"."period_end",
          'buurt' AS "area_level",
          "t13"."_buurt" AS "area_code",
          'totaal' AS "breakdown",
          'totaal' AS "breakdown_value"
        FROM "t11" AS "t13"
        WHERE
          "t13"."_buurt" IS NOT NULL
      ) AS "t16"
      GROUP BY
        1,
        2,
        3,
        4,
        5,
        6
    ) AS "t19"
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        *
      FROM (
        SELECT
          "t15"."period_start",
          "t15"."period_end",
          "t15"."area_level",
          "t15"."area_code",
          "t15"."breakdown",
          "t15"."breakdown_value",
          CAST(COUNT(DISTINCT "t15"."client_id") AS DOUBLE) AS "amount"
        FROM (
          SELECT
            "t13"."load_id",
            "t13"."traject_id",
            "t13"."client_id",
            "t13"."buurt_code",
            "t13"."start",
            "t13"."einde",
            "t13"."vorm",
            "t13"."aanbieder",
            "t13"."leeftijd",
            "t13"."_buurt",
            "t13"."period_start",
            "t13"."period_end",
            'gemeente' AS "area_level",
            'GM0344' AS "area_code",
            'totaal' AS "breakdown",
            'totaal' AS "breakdown_value"
          FROM "t11" AS "t13"
          WHERE
            'GM0344' IS NOT NULL
        ) AS "t15"
        GROUP BY
          1,
          2,
          3,
          4,
          5,
          6
      ) AS "t18"
      UNION ALL
      SELECT
        *
      FROM (
        SELECT
          "t17"."period_start",
          "t17"."period_end",
          "t17"."area_level",
          "t17"."area_code",
          "t17"."breakdown",
          "t17"."breakdown_value",
          CAST(COUNT(DISTINCT "t17"."client_id") AS DOUBLE) AS "amount"
        FROM (
          SELECT
            "t13"."load_id",
            "t13"."traject_id",
            "t13"."client_id",
            "t13"."buurt_code",
            "t13"."start",
            "t13"."einde",
            "t13"."vorm",
            "t13"."aanbieder",
            "t13"."leeftijd",
            "t13"."_buurt",
            "t13"."period_start",
            "t13"."period_end",
            'wijk' AS "area_level",
            CASE
              WHEN "t13"."_buurt" IS NULL
              THEN CAST(NULL AS TEXT)
              ELSE 'WK' || SUBSTRING(
                "t13"."_buurt",
                CASE WHEN (
                  2 + 1
                ) >= 1 THEN 2 + 1 ELSE 2 + 1 + LENGTH("t13"."_buurt") END,
                6
              )
            END AS "area_code",
            'totaal' AS "breakdown",
            'totaal' AS "breakdown_value"
          FROM "t11" AS "t13"
          WHERE
            CASE
              WHEN "t13"."_buurt" IS NULL
              THEN CAST(NULL AS TEXT)
              ELSE 'WK' || SUBSTRING(
                "t13"."_buurt",
                CASE WHEN (
                  2 + 1
                ) >= 1 THEN 2 + 1 ELSE 2 + 1 + LENGTH("t13"."_buurt") END,
                6
              )
            END IS NOT NULL
        ) AS "t17"
        GROUP BY
          1,
          2,
          3,
          4,
          5,
          6
      ) AS "t20"
    ) AS "t21"
  ) AS "t23"
    ON "t6"."period_start" = "t23"."period_start"
    AND "t6"."area_level" = "t23"."area_level"
    AND "t6"."area_code" = "t23"."area_code"
    AND "t6"."breakdown" = "t23"."breakdown"
    AND "t6"."breakdown_value" = "t23"."breakdown_value"
  LEFT OUTER JOIN (
    SELECT
      "t10"."year",
      MAKE_DATE("t10"."year", 1, 1) AS "period_start",
      MAKE_DATE("t10"."year", 12, 31) AS "period_end",
      "t10"."level" AS "area_level",
      "t10"."area_code",
      "t10"."area_name",
      CASE WHEN "t10"."present" = 1 THEN "t10"."total" ELSE CAST(NULL AS DOUBLE) END AS "amount"
    FROM (
      SELECT
        "t7"."year",
        "t7"."level",
        "t7"."area_code",
        SUM("t7"."value") AS "total",
        COUNT("t7"."value") AS "present",
        MAX("t7"."area_name") AS "area_name"
      FROM (
        SELECT
          *
        FROM "src_cbs_kwb" AS "t1"
        WHERE
          "t1"."variable" IN ('inwoners')
      ) AS "t7"
      GROUP BY
        1,
        2,
        3
    ) AS "t10"
  ) AS "t14"
    ON EXTRACT(year FROM "t6"."period_start") = "t14"."year"
    AND "t6"."area_code" = "t14"."area_code"
) AS "t24"
