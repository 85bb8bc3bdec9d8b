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
    "t5"."period_start",
    "t5"."period_end"
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
  INNER JOIN "duiding_memtable_1" AS "t5"
    ON "t7"."start" >= "t5"."period_start" AND "t7"."start" <= "t5"."period_end"
), "t26" AS (
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
      ) AS "t11"
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
          'leeftijdsgroep' AS "breakdown",
          CASE
            WHEN (
              "t9"."leeftijd" >= 0.0
            ) AND (
              "t9"."leeftijd" < 4.0
            )
            THEN '0-3'
            WHEN (
              "t9"."leeftijd" >= 4.0
            ) AND (
              "t9"."leeftijd" < 12.0
            )
            THEN '4-11'
            WHEN (
              "t9"."leeftijd" >= 12.0
            ) AND (
              "t9"."leeftijd" < 18.0
            )
            THEN '12-17'
            WHEN "t9"."leeftijd" >= 18.0
            THEN '18+'
            ELSE 'onbekend'
          END AS "breakdown_value"
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
    ) AS "t18"
  ) AS "t20"
  UNION ALL
  SELECT
    *
  FROM (
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
          QUANTILE_CONT(CAST("t10"."leeftijd" AS DOUBLE), 0.9) AS "statistic"
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
            'leeftijdsgroep' AS "breakdown",
            CASE
              WHEN (
                "t9"."leeftijd" >= 0.0
              ) AND (
                "t9"."leeftijd" < 4.0
              )
              THEN '0-3'
              WHEN (
                "t9"."leeftijd" >= 4.0
              ) AND (
                "t9"."leeftijd" < 12.0
              )
              THEN '4-11'
              WHEN (
                "t9"."leeftijd" >= 12.0
              ) AND (
                "t9"."leeftijd" < 18.0
              )
              THEN '12-17'
              WHEN "t9"."leeftijd" >= 18.0
              THEN '18+'
              ELSE 'onbekend'
            END AS "breakdown_value"
          FROM "t8" AS "t9"
          WHERE
            "t9"."leeftijd" IS NOT NULL AND 'GM0344' IS NOT NULL
        ) AS "t13"
        GROUP BY
          1,
          2,
          3,
          4,
          5,
          6
      ) AS "t19"
    ) AS "t21"
    UNION ALL
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
        ) AS "t14"
        GROUP BY
          1,
          2,
          3,
          4,
          5,
          6
      ) AS "t22"
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
            'leeftijdsgroep' AS "breakdown",
            CASE
              WHEN (
                "t9"."leeftijd" >= 0.0
              ) AND (
                "t9"."leeftijd" < 4.0
              )
              THEN '0-3'
              WHEN (
                "t9"."leeftijd" >= 4.0
              ) AND (
                "t9"."leeftijd" < 12.0
              )
              THEN '4-11'
              WHEN (
                "t9"."leeftijd" >= 12.0
              ) AND (
                "t9"."leeftijd" < 18.0
              )
              THEN '12-17'
              WHEN "t9"."leeftijd" >= 18.0
              THEN '18+'
              ELSE 'onbekend'
            END AS "breakdown_value"
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
        ) AS "t15"
        GROUP BY
          1,
          2,
          3,
          4,
          5,
          6
      ) AS "t23"
    ) AS "t24"
  ) AS "t25"
)
SELECT
  "t34"."period_start",
  "t34"."period_end",
  "t34"."area_level",
  "t34"."area_code",
  "t34"."area_name",
  "t34"."breakdown",
  "t34"."breakdown_value",
  CAST(NULL AS DOUBLE) AS "numerator",
  "t34"."n" AS "denominator",
  "t34"."statistic" AS "value"
FROM (
  SELECT
    *
  FROM (
    SELECT
      "t3"."period_start",
      "t3"."period_end",
      "t3"."area_level",
      "t3"."area_code",
      "t3"."area_name",
      'totaal' AS "breakdown",
      'totaal' AS "breakdown_value",
      COALESCE("t31"."n", 0.0) AS "n",
      "t31"."statistic"
    FROM "duiding_memtable_2" AS "t3"
    LEFT OUTER JOIN (
      SELECT
        *
      FROM "t26" AS "t27"
      WHERE
        "t27"."breakdown" = 'totaal'
    ) AS "t31"
      ON "t3"."period_start" = "t31"."period_start"
      AND "t3"."area_level" = "t31"."area_level"
      AND "t3"."area_code" = "t31"."area_code"
  ) AS "t33"
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
      "t30"."breakdown",
      "t30"."breakdown_value",
      "t30"."n",
      "t30"."statistic"
    FROM (
      SELECT
        *
      FROM "t26" AS "t27"
      WHERE
        "t27"."breakdown" <> 'totaal'
    ) AS "t30"
    INNER JOIN "duiding_memtable_2" AS "t4"
      ON "t30"."period_start" = "t4"."period_start"
      AND "t30"."area_level" = "t4"."area_level"
      AND "t30"."area_code" = "t4"."area_code"
  ) AS "t32"
) AS "t34"
