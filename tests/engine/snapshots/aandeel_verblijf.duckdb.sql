-- duiding_memtable_N: perioden en gebiedsraster, in het geheugen aangemaakt
WITH "t10" AS (
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
    ON "t7"."start" <= "t5"."period_end"
    AND (
      (
        "t7"."einde" IS NULL
      ) OR (
        "t7"."einde" >= "t5"."period_start"
      )
    )
), "t12" AS (
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
    WHERE
      NOT (
        "t1"."vorm" IN ('ambulant')
      ) OR (
        "t1"."vorm" IS NULL
      )
  ) AS "t9"
  INNER JOIN "duiding_memtable_1" AS "t5"
    ON "t9"."start" <= "t5"."period_end"
    AND (
      (
        "t9"."einde" IS NULL
      ) OR (
        "t9"."einde" >= "t5"."period_start"
      )
    )
), "t44" AS (
  SELECT
    *
  FROM (
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
        CAST(COUNT(*) AS DOUBLE) AS "amount"
      FROM (
        SELECT
          "t11"."load_id",
          "t11"."traject_id",
          "t11"."client_id",
          "t11"."buurt_code",
          "t11"."start",
          "t11"."einde",
          "t11"."vorm",
          "t11"."aanbieder",
          "t11"."leeftijd",
          "t11"."_buurt",
          "t11"."period_start",
          "t11"."period_end",
          'buurt' AS "area_level",
          "t11"."_buurt" AS "area_code",
          'totaal' AS "breakdown",
          'totaal' AS "breakdown_value"
        FROM "t10" AS "t11"
        WHERE
          "t11"."_buurt" IS NOT NULL
      ) AS "t16"
      GROUP BY
        1,
        2,
        3,
        4,
        5,
        6
    ) AS "t24"
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
        CAST(COUNT(*) AS DOUBLE) AS "amount"
      FROM (
        SELECT
          "t11"."load_id",
          "t11"."traject_id",
          "t11"."client_id",
          "t11"."buurt_code",
          "t11"."start",
          "t11"."einde",
          "t11"."vorm",
          "t11"."aanbieder",
          "t11"."leeftijd",
          "t11"."_buurt",
          "t11"."period_start",
          "t11"."period_end",
          'buurt' AS "area_level",
          "t11"."_buurt" AS "area_code",
          'aanbieder' AS "breakdown",
          COALESCE("t11"."aanbieder", 'onbekend') AS "breakdown_value"
        FROM "t10" AS "t11"
        WHERE
          "t11"."_buurt" IS NOT NULL
      ) AS "t17"
      GROUP BY
        1,
        2,
        3,
        4,
        5,
        6
    ) AS "t25"
  ) AS "t29"
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
          "t13"."period_start",
          "t13"."period_end",
          "t13"."area_level",
          "t13"."area_code",
          "t13"."breakdown",
          "t13"."breakdown_value",
          CAST(COUNT(*) AS DOUBLE) AS "amount"
        FROM (
          SELECT
            "t11"."load_id",
            "t11"."traject_id",
            "t11"."client_id",
            "t11"."buurt_code",
            "t11"."start",
            "t11"."einde",
            "t11"."vorm",
            "t11"."aanbieder",
            "t11"."leeftijd",
            "t11"."_buurt",
            "t11"."period_start",
            "t11"."period_end",
            'gemeente' AS "area_level",
            'GM0344' AS "area_code",
            'totaal' AS "breakdown",
            'totaal' AS "breakdown_value"
          FROM "t10" AS "t11"
          WHERE
            'GM0344' IS NOT NULL
        ) AS "t13"
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
          "t15"."period_start",
          "t15"."period_end",
          "t15"."area_level",
          "t15"."area_code",
          "t15"."breakdown",
          "t15"."breakdown_value",
          CAST(COUNT(*) AS DOUBLE) AS "amount"
        FROM (
          SELECT
            "t11"."load_id",
            "t11"."traject_id",
            "t11"."client_id",
            "t11"."buurt_code",
            "t11"."start",
            "t11"."einde",
            "t11"."vorm",
            "t11"."aanbieder",
            "t11"."leeftijd",
            "t11"."_buurt",
            "t11"."period_start",
            "t11"."period_end",
            'gemeente' AS "area_level",
            'GM0344' AS "area_code",
            'aanbieder' AS "breakdown",
            COALESCE("t11"."aanbieder", 'onbekend') AS "breakdown_value"
          FROM "t10" AS "t11"
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
      ) AS "t23"
    ) AS "t28"
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        *
      FROM (
        SELECT
          "t26"."period_start",
          "t26"."period_end",
          "t26"."area_level",
          "t26"."area_code",
          "t26"."breakdown",
          "t26"."breakdown_value",
          CAST(COUNT(*) AS DOUBLE) AS "amount"
        FROM (
          SELECT
            "t11"."load_id",
            "t11"."traject_id",
            "t11"."client_id",
            "t11"."buurt_code",
            "t11"."start",
            "t11"."einde",
            "t11"."vorm",
            "t11"."aanbieder",
            "t11"."leeftijd",
            "t11"."_buurt",
            "t11"."period_start",
            "t11"."period_end",
            'wijk' AS "area_level",
            CASE
              WHEN "t11"."_buurt" IS NULL
              THEN CAST(NULL AS TEXT)
              ELSE 'WK' || SUBSTRING(
                "t11"."_buurt",
                CASE WHEN (
                  2 + 1
                ) >= 1 THEN 2 + 1 ELSE 2 + 1 + LENGTH("t11"."_buurt") END,
                6
              )
            END AS "area_code",
            'totaal' AS "breakdown",
            'totaal' AS "breakdown_value"
          FROM "t10" AS "t11"
          WHERE
            CASE
              WHEN "t11"."_buurt" IS NULL
              THEN CAST(NULL AS TEXT)
              ELSE 'WK' || SUBSTRING(
                "t11"."_buurt",
                CASE WHEN (
                  2 + 1
                ) >= 1 THEN 2 + 1 ELSE 2 + 1 + LENGTH("t11"."_buurt") END,
                6
              )
            END IS NOT NULL
        ) AS "t26"
        GROUP BY
          1,
          2,
          3,
          4,
          5,
          6
      ) AS "t36"
      UNION ALL
      SELECT
        *
      FROM (
        SELECT
          "t27"."period_start",
          "t27"."period_end",
          "t27"."area_level",
          "t27"."area_code",
          "t27"."breakdown",
          "t27"."breakdown_value",
          CAST(COUNT(*) AS DOUBLE) AS "amount"
        FROM (
          SELECT
            "t11"."load_id",
            "t11"."traject_id",
            "t11"."client_id",
            "t11"."buurt_code",
            "t11"."start",
            "t11"."einde",
            "t11"."vorm",
            "t11"."aanbieder",
            "t11"."leeftijd",
            "t11"."_buurt",
            "t11"."period_start",
            "t11"."period_end",
            'wijk' AS "area_level",
            CASE
              WHEN "t11"."_buurt" IS NULL
              THEN CAST(NULL AS TEXT)
              ELSE 'WK' || SUBSTRING(
                "t11"."_buurt",
                CASE WHEN (
                  2 + 1
                ) >= 1 THEN 2 + 1 ELSE 2 + 1 + LENGTH("t11"."_buurt") END,
                6
              )
            END AS "area_code",
            'aanbieder' AS "breakdown",
            COALESCE("t11"."aanbieder", 'onbekend') AS "breakdown_value"
          FROM "t10" AS "t11"
          WHERE
            CASE
              WHEN "t11"."_buurt" IS NULL
              THEN CAST(NULL AS TEXT)
              ELSE 'WK' || SUBSTRING(
                "t11"."_buurt",
                CASE WHEN (
                  2 + 1
                ) >= 1 THEN 2 + 1 ELSE 2 + 1 + LENGTH("t11"."_buurt") END,
                6
              )
            END IS NOT NULL
        ) AS "t27"
        GROUP BY
          1,
          2,
          3,
          4,
          5,
          6
      ) AS "t37"
    ) AS "t40"
  ) AS "t41"
), "t48" AS (
  SELECT
    *
  FROM (
    SELECT
      *
    FROM (
      SELECT
        "t21"."period_start",
        "t21"."period_end",
        "t21"."area_level",
        "t21"."area_code",
        "t21"."breakdown",
        "t21"."breakdown_value",
        CAST(COUNT(*) AS DOUBLE) AS "amount"
      FROM (
        SELECT
          "t14"."load_id",
          "t14"."traject_id",
          "t14"."client_id",
          "t14"."buurt_code",
          "t14"."start",
          "t14"."einde",
          "t14"."vorm",
          "t14"."aanbieder",
          "t14"."leeftijd",
          "t14"."_buurt",
          "t14"."period_start",
          "t14"."period_end",
          'buurt' AS "area_level",
          "t14"."_buurt" AS "area_code",
          'totaal' AS "breakdown",
          'totaal' AS "breakdown_value"
        FROM "t12" AS "t14"
        WHERE
          "t14"."_buurt" IS NOT NULL
      ) AS "t21"
      GROUP BY
        1,
        2,
        3,
        4,
        5,
        6
    ) AS "t32"
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        "t22"."period_start",
        "t22"."period_end",
        "t22"."area_level",
        "t22"."area_code",
        "t22"."breakdown",
        "t22"."breakdown_value",
        CAST(COUNT(*) AS DOUBLE) AS "amount"
      FROM (
        SELECT
          "t14"."load_id",
          "t14"."traject_id",
          "t14"."client_id",
          "t14"."buurt_code",
          "t14"."start",
          "t14"."einde",
          "t14"."vorm",
          "t14"."aanbieder",
          "t14"."leeftijd",
          "t14"."_buurt",
          "t14"."period_start",
          "t14"."period_end",
          'buurt' AS "area_level",
          "t14"."_buurt" AS "area_code",
          'aanbieder' AS "breakdown",
          COALESCE("t14"."aanbieder", 'onbekend') AS "breakdown_value"
        FROM "t12" AS "t14"
        WHERE
          "t14"."_buurt" IS NOT NULL
      ) AS "t22"
      GROUP BY
        1,
        2,
        3,
        4,
        5,
        6
    ) AS "t33"
  ) AS "t39"
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
          "t18"."period_start",
          "t18"."period_end",
          "t18"."area_level",
          "t18"."area_code",
          "t18"."breakdown",
          "t18"."breakdown_value",
          CAST(COUNT(*) AS DOUBLE) AS "amount"
        FROM (
          SELECT
            "t14"."load_id",
            "t14"."traject_id",
            "t14"."client_id",
            "t14"."buurt_code",
            "t14"."start",
            "t14"."einde",
            "t14"."vorm",
            "t14"."aanbieder",
            "t14"."leeftijd",
            "t14"."_buurt",
            "t14"."period_start",
            "t14"."period_end",
            'gemeente' AS "area_level",
            'GM0344' AS "area_code",
            'totaal' AS "breakdown",
            'totaal' AS "breakdown_value"
          FROM "t12" AS "t14"
          WHERE
            'GM0344' IS NOT NULL
        ) AS "t18"
        GROUP BY
          1,
          2,
          3,
          4,
          5,
          6
      ) AS "t30"
      UNION ALL
      SELECT
        *
      FROM (
        SELECT
          "t20"."period_start",
          "t20"."period_end",
          "t20"."area_level",
          "t20"."area_code",
          "t20"."breakdown",
          "t20"."breakdown_value",
          CAST(COUNT(*) AS DOUBLE) AS "amount"
        FROM (
          SELECT
            "t14"."load_id",
            "t14"."traject_id",
            "t14"."client_id",
            "t14"."buurt_code",
            "t14"."start",
            "t14"."einde",
            "t14"."vorm",
            "t14"."aanbieder",
            "t14"."leeftijd",
            "t14"."_buurt",
            "t14"."period_start",
            "t14"."period_end",
            'gemeente' AS "area_level",
            'GM0344' AS "area_code",
            'aanbieder' AS "breakdown",
            COALESCE("t14"."aanbieder", 'onbekend') AS "breakdown_value"
          FROM "t12" AS "t14"
          WHERE
            'GM0344' IS NOT NULL
        ) AS "t20"
        GROUP BY
          1,
          2,
          3,
          4,
          5,
          6
      ) AS "t31"
    ) AS "t38"
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        *
      FROM (
        SELECT
          "t34"."period_start",
          "t34"."period_end",
          "t34"."area_level",
          "t34"."area_code",
          "t34"."breakdown",
          "t34"."breakdown_value",
          CAST(COUNT(*) AS DOUBLE) AS "amount"
        FROM (
          SELECT
            "t14"."load_id",
            "t14"."traject_id",
            "t14"."client_id",
            "t14"."buurt_code",
            "t14"."start",
            "t14"."einde",
            "t14"."vorm",
            "t14"."aanbieder",
            "t14"."leeftijd",
            "t14"."_buurt",
            "t14"."period_start",
            "t14"."period_end",
            'wijk' AS "area_level",
            CASE
              WHEN "t14"."_buurt" IS NULL
              THEN CAST(NULL AS TEXT)
              ELSE 'WK' || SUBSTRING(
                "t14"."_buurt",
                CASE WHEN (
                  2 + 1
                ) >= 1 THEN 2 + 1 ELSE 2 + 1 + LENGTH("t14"."_buurt") END,
                6
              )
            END AS "area_code",
            'totaal' AS "breakdown",
            'totaal' AS "breakdown_value"
          FROM "t12" AS "t14"
          WHERE
            CASE
              WHEN "t14"."_buurt" IS NULL
              THEN CAST(NULL AS TEXT)
              ELSE 'WK' || SUBSTRING(
                "t14"."_buurt",
                CASE WHEN (
                  2 + 1
                ) >= 1 THEN 2 + 1 ELSE 2 + 1 + LENGTH("t14"."_buurt") END,
                6
              )
            END IS NOT NULL
        ) AS "t34"
        GROUP BY
          1,
          2,
          3,
          4,
          5,
          6
      ) AS "t42"
      UNION ALL
      SELECT
        *
      FROM (
        SELECT
          "t35"."period_start",
          "t35"."period_end",
          "t35"."area_level",
          "t35"."area_code",
          "t35"."breakdown",
          "t35"."breakdown_value",
          CAST(COUNT(*) AS DOUBLE) AS "amount"
        FROM (
          SELECT
            "t14"."load_id",
            "t14"."traject_id",
            "t14"."client_id",
            "t14"."buurt_code",
            "t14"."start",
            "t14"."einde",
            "t14"."vorm",
            "t14"."aanbieder",
            "t14"."leeftijd",
            "t14"."_buurt",
            "t14"."period_start",
            "t14"."period_end",
            'wijk' AS "area_level",
            CASE
              WHEN "t14"."_buurt" IS NULL
              THEN CAST(NULL AS TEXT)
              ELSE 'WK' || SUBSTRING(
                "t14"."_buurt",
                CASE WHEN (
                  2 + 1
                ) >= 1 THEN 2 + 1 ELSE 2 + 1 + LENGTH("t14"."_buurt") END,
                6
              )
            END AS "area_code",
            'aanbieder' AS "breakdown",
            COALESCE("t14"."aanbieder", 'onbekend') AS "breakdown_value"
          FROM "t12" AS "t14"
          WHERE
            CASE
              WHEN "t14"."_buurt" IS NULL
              THEN CAST(NULL AS TEXT)
              ELSE 'WK' || SUBSTRING(
                "t14"."_buurt",
                CASE WHEN (
                  2 + 1
                ) >= 1 THEN 2 + 1 ELSE 2 + 1 + LENGTH("t14"."_buurt") END,
                6
              )
            END IS NOT NULL
        ) AS "t35"
        GROUP BY
          1,
          2,
          3,
          4,
          5,
          6
      ) AS "t43"
    ) AS "t45"
  ) AS "t47"
)
SELECT
  "t66"."period_start",
  "t66"."period_end",
  "t66"."area_level",
  "t66"."area_code",
  "t66"."area_name",
  "t66"."breakdown",
  "t66"."breakdown_value",
  "t66"."amount" AS "numerator",
  "t61"."amount" AS "denominator",
  CASE
    WHEN (
      "t61"."amount" IS NOT NULL
    ) AND (
      "t61"."amount" > 0
    )
    THEN (
      "t66"."amount" / "t61"."amount"
    ) * 100
    ELSE CAST(NULL AS DOUBLE)
  END AS "value"
FROM (
  SELECT
    "t64"."period_start",
    "t64"."period_end",
    "t64"."area_level",
    "t64"."area_code",
    "t64"."area_name",
    "t64"."breakdown",
    "t64"."breakdown_value",
    "t64"."amount",
    CASE
      WHEN "t64"."breakdown" IN ('totaal', 'aanbieder')
      THEN "t64"."breakdown"
      ELSE 'totaal'
    END AS "den_breakdown",
    CASE
      WHEN "t64"."breakdown" IN ('totaal', 'aanbieder')
      THEN "t64"."breakdown_value"
      ELSE 'totaal'
    END AS "den_breakdown_value"
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
        COALESCE("t57"."amount", 0.0) AS "amount"
      FROM "duiding_memtable_2" AS "t3"
      LEFT OUTER JOIN (
        SELECT
          *
        FROM "t48" AS "t49"
        WHERE
          "t49"."breakdown" = 'totaal'
      ) AS "t57"
        ON "t3"."period_start" = "t57"."period_start"
        AND "t3"."area_level" = "t57"."area_level"
        AND "t3"."area_code" = "t57"."area_code"
    ) AS "t63"
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
        "t56"."breakdown",
        "t56"."breakdown_value",
        "t56"."amount"
      FROM (
        SELECT
          *
        FROM "t48" AS "t49"
        WHERE
          "t49"."breakdown" <> 'totaal'
      ) AS "t56"
      INNER JOIN "duiding_memtable_2" AS "t4"
        ON "t56"."period_start" = "t4"."period_start"
        AND "t56"."area_level" = "t4"."area_level"
        AND "t56"."area_code" = "t4"."area_code"
    ) AS "t62"
  ) AS "t64"
) AS "t66"
LEFT OUTER JOIN (
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
      COALESCE("t53"."amount", 0.0) AS "amount"
    FROM "duiding_memtable_2" AS "t3"
    LEFT OUTER JOIN (
      SELECT
        *
      FROM "t44" AS "t46"
      WHERE
        "t46"."breakdown" = 'totaal'
    ) AS "t53"
      ON "t3"."period_start" = "t53"."period_start"
      AND "t3"."area_level" = "t53"."area_level"
      AND "t3"."area_code" = "t53"."area_code"
  ) AS "t59"
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
      "t52"."breakdown",
      "t52"."breakdown_value",
      "t52"."amount"
    FROM (
      SELECT
        *
      FROM "t44" AS "t46"
      WHERE
        "t46"."breakdown" <> 'totaal'
    ) AS "t52"
    INNER JOIN "duiding_memtable_2" AS "t4"
      ON "t52"."period_start" = "t4"."period_start"
      AND "t52"."area_level" = "t4"."area_level"
      AND "t52"."area_code" = "t4"."area_code"
  ) AS "t58"
) AS "t61"
  ON "t66"."period_start" = "t61"."period_start"
  AND "t66"."area_level" = "t61"."area_level"
  AND "t66"."area_code" = "t61"."area_code"
  AND "t66"."den_breakdown" = "t61"."breakdown"
  AND "t66"."den_breakdown_value" = "t61"."breakdown_value"
