-- duiding_memtable_N: perioden en gebiedsraster, in het geheugen aangemaakt
WITH "t9" AS (
  SELECT
    "t8"."load_id",
    "t8"."traject_id",
    "t8"."client_id",
    "t8"."buurt_code",
    "t8"."start",
    "t8"."einde",
    "t8"."vorm",
    "t8"."aanbieder",
    "t8"."leeftijd",
    "t8"."_buurt",
    "t5"."period_start",
    "t5"."period_end"
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
  ) AS "t8"
  INNER JOIN "duiding_memtable_1" AS "t5"
    ON "t8"."start" >= "t5"."period_start" AND "t8"."start" <= "t5"."period_end"
), "t24" AS (
  SELECT
    *
  FROM (
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
        QUANTILE_CONT(CAST("t14"."leeftijd" AS DOUBLE), 0.9) AS "statistic"
      FROM (
        SELECT
          "t10"."load_id",
          "t10"."traject_id",
          "t10"."client_id",
          "t10"."buurt_code",
          "t10"."start",
          "t10"."einde",
          "t10"."vorm",
          "t10"."aanbieder",
          "t10"."leeftijd",
          "t10"."_buurt",
          "t10"."period_start",
          "t10"."period_end",
          'wijk' AS "area_level",
          CASE
            WHEN "t10"."_buurt" IS NULL
            THEN CAST(NULL AS TEXT)
            ELSE 'WK' || SUBSTRING(
              "t10"."_buurt",
              CASE WHEN (
                2 + 1
              ) >= 1 THEN 2 + 1 ELSE 2 + 1 + LENGTH("t10"."_buurt") END,
              6
            )
          END AS "area_code",
          'totaal' AS "breakdown",
          'totaal' AS "breakdown_value"
        FROM "t9" AS "t10"
        WHERE
          "t10"."leeftijd" IS NOT NULL
          AND CASE
            WHEN "t10"."_buurt" IS NULL
            THEN CAST(NULL AS TEXT)
            ELSE 'WK' || SUBSTRING(
              "t10"."_buurt",
              CASE WHEN (
                2 + 1
              ) >= 1 THEN 2 + 1 ELSE 2 + 1 + LENGTH("t10"."_buurt") END,
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
    ) AS "t20"
    UNION ALL
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
        CAST(COUNT(*) AS DOUBLE) AS "n",
        QUANTILE_CONT(CAST("t15"."leeftijd" AS DOUBLE), 0.9) AS "statistic"
      FROM (
        SELECT
          "t10"."load_id",
          "t10"."traject_id",
          "t10"."client_id",
          "t10"."buurt_code",
          "t10"."start",
          "t10"."einde",
          "t10"."vorm",
          "t10"."aanbieder",
          "t10"."leeftijd",
          "t10"."_buurt",
          "t10"."period_start",
          "t10"."period_end",
          'wijk' AS "area_level",
          CASE
            WHEN "t10"."_buurt" IS NULL
            THEN CAST(NULL AS TEXT)
            ELSE 'WK' || SUBSTRING(
              "t10"."_buurt",
              CASE WHEN (
                2 + 1
              ) >= 1 THEN 2 + 1 ELSE 2 + 1 + LENGTH("t10"."_buurt") END,
              6
            )
          END AS "area_code",
          'leeftijdsgroep' AS "breakdown",
          CASE
            WHEN (
              "t10"."leeftijd" >= 0.0
            ) AND (
              "t10"."leeftijd" < 4.0
            )
            THEN '0-3'
            WHEN (
              "t10"."leeftijd" >= 4.0
            ) AND (
              "t10"."leeftijd" < 12.0
            )
            THEN '4-11'
            WHEN (
              "t10"."leeftijd" >= 12.0
            ) AND (
              "t10"."leeftijd" < 18.0
            )
            THEN '12-17'
            WHEN "t10"."leeftijd" >= 18.0
            THEN '18+'
            ELSE 'onbekend'
          END AS "breakdown_value"
        FROM "t9" AS "t10"
        WHERE
          "t10"."leeftijd" IS NOT NULL
          AND CASE
            WHEN "t10"."_buurt" IS NULL
            THEN CAST(NULL AS TEXT)
            ELSE 'WK' || SUBSTRING(
              "t10"."_buurt",
              CASE WHEN (
                2 + 1
              ) >= 1 THEN 2 + 1 ELSE 2 + 1 + LENGTH("t10"."_buurt") END,
              6
            )
          END IS NOT NULL
      ) AS "t15"
      GROUP BY
        1,
        2,
        3,
        4,
        5,
        6
    ) AS "t21"
  ) AS "t23"
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
        QUANTILE_CONT(CAST("t12"."leeftijd" AS DOUBLE), 0.9) AS "statistic"
      FROM (
        SELECT
          "t10"."load_id",
          "t10"."traject_id",
          "t10"."client_id",
          "t10"."buurt_code",
          "t10"."start",
          "t10"."einde",
          "t10"."vorm",
          "t10"."aanbieder",
          "t10"."leeftijd",
          "t10"."_buurt",
          "t10"."period_start",
          "t10"."period_end",
          'buurt' AS "area_level",
          "t10"."_buurt" AS "area_code",
          'totaal' AS "breakdown",
          'totaal' AS "breakdown_value"
        FROM "t9" AS "t10"
        WHERE
          "t10"."leeftijd" IS NOT NULL AND "t10"."_buurt" IS NOT NULL
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
          "t11"."period_start",
          "t11"."period_end",
          "t11"."area_level",
          "t11"."area_code",
          "t11"."breakdown",
          "t11"."breakdown_value",
          CAST(COUNT(*) AS DOUBLE) AS "n",
          QUANTILE_CONT(CAST("t11"."leeftijd" AS DOUBLE), 0.9) AS "statistic"
        FROM (
          SELECT
            "t10"."load_id",
            "t10"."traject_id",
            "t10"."client_id",
            "t10"."buurt_code",
            "t10"."start",
            "t10"."einde",
            "t10"."vorm",
            "t10"."aanbieder",
            "t10"."leeftijd",
            "t10"."_buurt",
            "t10"."period_start",
            "t10"."period_end",
            'gemeente' AS "area_level",
            'GM0344' AS "area_code",
            'totaal' AS "breakdown",
            'totaal' AS "breakdown_value"
          FROM "t9" AS "t10"
          WHERE
            "t10"."leeftijd" IS NOT NULL AND 'GM0344' IS NOT NULL
        ) AS "t11"
        GROUP BY
          1,
          2,
          3,
          4,
          5,
          6
      ) AS "t16"
      UNION ALL
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
          QUANTILE_CONT(CAST("t13"."leeftijd" AS DOUBLE), 0.9) AS "statistic"
        FROM (
          SELECT
            "t10"."load_id",
            "t10"."traject_id",
            "t10"."client_id",
            "t10"."buurt_code",
            "t10"."start",
            "t10"."einde",
            "t10"."vorm",
            "t10"."aanbieder",
            "t10"."leeftijd",
            "t10"."_buurt",
            "t10"."period_start",
            "t10"."period_end",
            'gemeente' AS "area_level",
            'GM0344' AS "area_code",
            'leeftijdsgroep' AS "breakdown",
            CASE
              WHEN (
                "t10"."leeftijd" >= 0.0
              ) AND (
                "t10"."leeftijd" < 4.0
              )
              THEN '0-3'
              WHEN (
                "t10"."leeftijd" >= 4.0
              ) AND (
                "t10"."leeftijd" < 12.0
              )
              THEN '4-11'
              WHEN (
                "t10"."leeftijd" >= 12.0
              ) AND (
                "t10"."leeftijd" < 18.0
              )
              THEN '12-17'
              WHEN "t10"."leeftijd" >= 18.0
              THEN '18+'
              ELSE 'onbekend'
            END AS "breakdown_value"
          FROM "t9" AS "t10"
          WHERE
            "t10"."leeftijd" IS NOT NULL AND 'GM0344' IS NOT NULL
        ) AS "t13"
        GROUP BY
          1,
          2,
          3,
          4,
          5,
          6
      ) AS "t18"
    ) AS "t19"
  ) AS "t22"
)
SELECT
  "t33"."period_start",
  "t33"."period_end",
  "t33"."area_level",
  "t33"."area_code",
  "t33"."area_name",
  "t33"."breakdown",
  "t33"."breakdown_value",
  CAST(NULL AS DOUBLE) AS "numerator",
  "t33"."n" AS "denominator",
  "t33"."statistic" AS "value",
  CAST(NULL AS DOUBLE) AS "spread",
  CAST(NULL AS TEXT) AS "origin"
FROM (
  SELECT
    "t32"."period_start",
    "t32"."period_end",
    "t32"."area_level",
    "t32"."area_code",
    "t32"."area_name",
    "t32"."breakdown",
    "t32"."breakdown_value",
    COALESCE("t26"."n", 0.0) AS "n",
    "t26"."statistic"
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
    ) AS "t6"
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        "t4"."period_start",
        "t4"."period_end",
        "t4"."area_level",
        "t4"."area_code",
        "t4"."area_name",
        "t29"."breakdown",
        "t29"."breakdown_value"
      FROM "duiding_memtable_2" AS "t4"
      CROSS JOIN (
        SELECT
          *
        FROM (
          SELECT
            "t25"."breakdown",
            "t25"."breakdown_value"
          FROM "t24" AS "t25"
          WHERE
            "t25"."breakdown" IN ('leeftijdsgroep')
        ) AS "t27"
        UNION
        SELECT
          *
        FROM "duiding_memtable_3" AS "t1"
      ) AS "t29"
    ) AS "t30"
  ) AS "t32"
  LEFT OUTER JOIN "t24" AS "t26"
    ON "t32"."period_start" = "t26"."period_start"
    AND "t32"."area_level" = "t26"."area_level"
    AND "t32"."area_code" = "t26"."area_code"
    AND "t32"."breakdown" = "t26"."breakdown"
    AND "t32"."breakdown_value" = "t26"."breakdown_value"
) AS "t33"
WHERE
  (
    "t33"."breakdown" = 'totaal'
  )
  OR (
    (
      "t33"."breakdown" = 'leeftijdsgroep'
    )
    AND "t33"."area_level" IN ('gemeente', 'wijk')
  )
