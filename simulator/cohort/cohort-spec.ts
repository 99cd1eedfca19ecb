// The YAML cohort spec: who arrives (districts, days, seasonality, offence mix, custody, special-law flags) and
// how police, prosecutors, supervisors and courts behave (distributions), with an optional capacity model.
// Figures in the shipped specs are illustrative assumptions; the schema only says what shape they take.
import { z } from 'zod';
import { id, isoDate, provinceId } from '../../rules/schema/common';

const share = z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1');

/** Non-negative weights, normalised when drawn: `{ theft: 40, murder: 5 }`. */
const weights = z
  .record(z.string().min(1), z.number().min(0, 'a weight must be 0 or more'))
  .refine((w) => Object.values(w).some((v) => v > 0), 'needs at least one positive weight');

/**
 * A time in days: log-normal from its median and 90th percentile (right-skewed, as delays are), or fixed.
 * Also used for counts (hearings), rounded.
 */
export const daysDistribution = z.union([
  z
    .object({ median: z.number().positive('must be greater than 0'), p90: z.number().positive('must be greater than 0') })
    .strict()
    .refine((d) => d.p90 >= d.median, { message: 'p90 must be at least the median', path: ['p90'] }),
  z.object({ fixed: z.number().min(0, 'must be 0 or more') }).strict(),
]);
export type DaysDistribution = z.infer<typeof daysDistribution>;

const district = z
  .object({
    id,
    /** Mean FIRs registered per day (before seasonality). */
    perDay: z.number().positive('must be greater than 0'),
    policeStations: z.number().int().positive(),
    /** Overrides of the capacity section's per-district headcounts for this district. */
    prosecutors: z.number().int().positive().optional(),
    courts: z.number().int().positive().optional(),
  })
  .strict();

export const cohortSpec = z
  .object({
    $schema: z.string().optional(),
    kind: z.literal('cohort'),
    province: provinceId,
    label: z.string().min(1),
    note: z.string().optional(),
    /** First day FIRs are registered (Asia/Karachi). */
    start: isoDate,
    /** Days over which FIRs arrive. */
    days: z.number().int().min(1).max(3660),
    /** Cases are followed until this many days after `start`; what is still open then is censored. */
    horizonDays: z.number().int().min(1).max(7320).default(1095),
    arrivals: z
      .object({
        districts: z.array(district).min(1),
        /** Twelve monthly multipliers, January first. */
        seasonality: z.array(z.number().positive('must be greater than 0')).length(12, 'needs twelve monthly multipliers').optional(),
      })
      .strict(),
    /** Weights by the pack's offence class ids. */
    offenceMix: weights,
    /** Share of cases per offence class that are punishable with death (missing class: 0). */
    punishableWithDeath: z.record(z.string().min(1), share).default({}),
    /** Share of cases whose accused is arrested at or just after the FIR. */
    custodyShare: share,
    /** Shares of cases carrying the special-law flags the overlays match on. */
    specialLaw: z.object({ terrorism: share, narcotics: share, sexualOffence: share, juvenile: share }).strict(),
    accused: z.object({ femaleShare: share, s497ExceptionShare: share.default(0) }).strict(),
    police: z
      .object({
        /** How investigations end: weights for challan, cancellation, untraced. */
        outcomes: z.object({ challan: z.number().min(0), cancellation: z.number().min(0), untraced: z.number().min(0) }).strict(),
        /** FIR → the final report (challan, cancellation or untraced report). */
        timeToReport: daysDistribution,
        /** Of investigations running past the statutory period, the share whose interim report is filed in time. */
        interimReportShare: share,
        /** Arrest → production before a magistrate, in days (0.5 = 12 hours). */
        timeToProduction: daysDistribution,
        physicalRemandShare: share,
        physicalRemandDays: daysDistribution,
        /** Share of judicial remands renewed before they lapse. */
        remandRenewedOnTimeShare: share,
        /** Arrest → release on bail, for those released before judgment. */
        timeToBail: daysDistribution,
        /** Share of custody cases released on bail before judgment. */
        bailShare: share,
        /** Return with objections → defects cured and resubmitted. */
        cureTime: daysDistribution,
        /** Share of cures that leave the objection in place (the challan fails again). */
        cureIncompleteShare: share,
      })
      .strict(),
    prosecution: z
      .object({
        /** Submission → scrutiny completed. */
        scrutinyTime: daysDistribution,
        /** The chance a submitted challan is defective, and which objection codes (of the pack's gates) it draws. */
        defects: z.object({ probability: share, kinds: weights }).strict(),
        /** Days the prosecutor gives to cure (the `cureDays` fact); omitted: the pack's default. */
        cureDays: z.number().int().positive().optional(),
        /** Fit for trial → challan filed in court. */
        timeToFile: daysDistribution,
        /** Cancellation report → the magistrate's decision. */
        cancellationDecisionTime: daysDistribution,
      })
      .strict(),
    supervisors: z
      .object({
        /** Share of escalation tasks the officer holding them answers with a directive. */
        respondShare: share,
        responseTime: daysDistribution,
        /** A directive multiplies the time left on what the case is waiting for by this factor. */
        directiveSpeedup: z.number().min(0).max(1),
      })
      .strict(),
    courts: z
      .object({
        /** Challan filed → charge framed. */
        timeToCharge: daysDistribution,
        /** Hearings held (not adjourned) before judgment. */
        hearings: daysDistribution,
        hearingInterval: daysDistribution,
        adjournmentRate: z.number().min(0).max(0.95, 'must be at most 0.95 (a trial must be able to end)'),
        /** Who seeks an adjournment: the prosecution (a witness absent), the defence, or the court. */
        adjournmentSoughtBy: z.object({ prosecution: z.number().min(0), defence: z.number().min(0), court: z.number().min(0) }).strict(),
        outcomes: z.object({ conviction: z.number().min(0), acquittal: z.number().min(0) }).strict(),
        appeals: z
          .object({
            /** Of acquittals, the share the State appeals, and how long after judgment. */
            stateShare: share,
            stateFilingTime: daysDistribution,
            victimShare: share,
            victimFilingTime: daysDistribution,
            decisionTime: daysDistribution,
          })
          .strict(),
        /** Judgment (or the end of the appeal windows) → the case closed. */
        timeToClose: daysDistribution,
      })
      .strict(),
    capacity: z
      .object({
        investigatorsPerStation: z.number().int().positive(),
        /** Final reports one investigator can complete per office day. */
        reportsPerInvestigatorPerDay: z.number().positive(),
        prosecutorsPerDistrict: z.number().int().positive(),
        scrutiniesPerProsecutorPerDay: z.number().positive(),
        /** Trial courts per district; they sit on the pack's court calendar. */
        courtsPerDistrict: z.number().int().positive(),
        hearingsPerCourtPerDay: z.number().positive(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type CohortSpec = z.infer<typeof cohortSpec>;
