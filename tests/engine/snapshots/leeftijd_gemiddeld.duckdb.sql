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
    "t4"."period_start",
    "t4"."period_end"
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
  INNER JOIN "duiding_memtable_1" AS "t4"
    ON "t7"."start" >= "t4"."period_start" AND "t7"."start" <= "t4"."period_end"
), "t23" AS (
  SELECT
    *
  FROM (
    SELECT
      *
    FROM (
      SELECT
        "t13"."period_start",
        "t13"."period_end",
        "t13"."area_level",
        "t13"."area_code",
        "t13"."breakdown",
        "t13"."breakdown_value",
        CAST(COUNT(*) AS DOUBLE) AS "n",
        AVG(CAST("t13"."leeftijd" AS DOUBLE)) AS "statistic",
        STDDEV_SAMP(CAST("t13"."leeftijd" AS DOUBLE)) AS "spread"
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
          "t9"."leeftijd" IS NOT NULL
          AND CASE
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
      ) AS "t13"
      GROUP BY
        1,
        2,
        3,
        4,
        5,
        6
    ) AS "t20"
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        "t14"."period_start",
        "t14"."period_end",
        "t14"."area_level",
        "t14"."area_code",
        "t14"."breakdown",
        "t14"."breakdown_value",
        CAST(COUNT(*) AS DOUBLE) AS "n",
        AVG(CAST("t14"."leeftijd" AS DOUBLE)) AS "statistic",
        STDDEV_SAMP(CAST("t14"."leeftijd" AS DOUBLE)) AS "spread"
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
          'aanbieder' AS "breakdown",
          COALESCE("t9"."aanbieder", 'onbekend') AS "breakdown_value"
        FROM "t8" AS "t9"
        WHERE
          "t9"."leeftijd" IS NOT NULL
          AND CASE
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
      ) AS "t14"
      GROUP BY
        1,
        2,
        3,
        4,
        5,
        6
    ) AS "t21"
  ) AS "t22"
  UNION ALL
  SELECT
    *
  FROM (
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
        CAST(COUNT(*) AS DOUBLE) AS "n",
        AVG(CAST("t12"."leeftijd" AS DOUBLE)) AS "statistic",
        STDDEV_SAMP(CAST("t12"."leeftijd" AS DOUBLE)) AS "spread"
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
          "t9"."leeftijd" IS NOT NULL AND "t9"."_buurt" IS NOT NULL
      ) AS "t12"
      GROUP BY
        1,
        2,
        3,
        4,
        5,
        6
    ) AS "t17"
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
          CAST(COUNT(*) AS DOUBLE) AS "n",
          AVG(CAST("t10"."leeftijd" AS DOUBLE)) AS "statistic",
          STDDEV_SAMP(CAST("t10"."leeftijd" AS DOUBLE)) AS "spread"
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
            "t9"."leeftijd" IS NOT NULL AND 'GM0344' IS NOT NULL
        ) AS "t10"
        GROUP BY
          1,
          2,
          3,
          4,
          5,
          6
      ) AS "t15"
      UNION ALL
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
          CAST(COUNT(*) AS DOUBLE) AS "n",
          AVG(CAST("t11"."leeftijd" AS DOUBLE)) AS "statistic",
          STDDEV_SAMP(CAST("t11"."leeftijd" AS DOUBLE)) AS "spread"
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
            'aanbieder' AS "breakdown",
            COALESCE("t9"."aanbieder", 'onbekend') AS "breakdown_value"
          FROM "t8" AS "t9"
          WHERE
            "t9"."leeftijd" IS NOT NULL AND 'GM0344' IS NOT NULL
        ) AS "t11"
        GROUP BY
          1,
          2,
          3,
          4,
          5,
          6
      ) AS "t16"
    ) AS "t18"
  ) AS "t19"
)
SELECT
  "t31"."period_start",
  "t31"."period_end",
  "t31"."area_level",
  "t31"."area_code",
  "t31"."area_name",
  "t31"."breakdown",
  "t31"."breakdown_value",
  CAST(NULL AS DOUBLE) AS "numerator",
  "t31"."n" AS "denominator",
  "t31"."statistic" AS "value",
  "t31"."spread",
  CAST(NULL AS TEXT) AS "origin"
FROM (
  SELECT
    "t30"."period_start",
    "t30"."period_end",
    "t30"."area_level",
    "t30"."area_code",
    "t30"."area_name",
    "t30"."breakdown",
    "t30"."breakdown_value",
    COALESCE("t25"."n", 0.0) AS "n",
    "t25"."statistic",
    "t25"."spread"
  FROM (
    SELECT
      *
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
    ) AS "t5"
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        "t3"."period_start",
        "t3"."period_end",
        "t3"."area_level",
        "t3"."area_code",
        "t3"."area_name",
        "t27"."breakdown",
        "t27"."breakdown_value"
      FROM "duiding_memtable_2" AS "t3"
      CROSS JOIN (
        SELECT DISTINCT
          "t24"."breakdown",
          "t24"."breakdown_value"
        FROM "t23" AS "t24"
        WHERE
          "t24"."breakdown" IN ('aanbieder')
      ) AS "t27"
    ) AS "t28"
  ) AS "t30"
  LEFT OUTER JOIN "t23" AS "t25"
    ON "t30"."period_start" = "t25"."period_start"
    AND "t30"."area_level" = "t25"."area_level"
    AND "t30"."area_code" = "t25"."area_code"
    AND "t30"."breakdown" = "t25"."breakdown"
    AND "t30"."breakdown_value" = "t25"."breakdown_value"
) AS "t31"
WHERE
  (
    "t31"."breakdown" = 'totaal'
  )
  OR (
    (
      "t31"."breakdown" = 'aanbieder'
    )
    AND "t31"."area_level" IN ('gemeente', 'wijk')
  )
